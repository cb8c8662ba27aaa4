package org.implreg.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.implreg.InvalidInputException;

/**
 * NumPy {@code .npz} archives: a zip of {@code name.npy} members, stored or deflated (as written by
 * {@code numpy.savez} and {@code numpy.savez_compressed}, ZIP64 included).
 */
public final class Npz {
    private Npz() {}

    /** The member keys only (names without ".npy", in archive order), without reading any array. */
    public static java.util.List<String> keys(Path file) {
        java.util.List<String> out = new java.util.ArrayList<>();
        members(file, (zip, e, key) -> out.add(key));
        return out;
    }

    /** Reads every member; keys are member names without ".npy", in archive order. */
    public static Map<String, NdArray> read(Path file) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        members(file, (zip, e, key) -> {
            try (InputStream in = zip.getInputStream(e)) {
                out.put(key, Npy.read(in, file + "[" + key + "]", e.getSize())); // streamed: never inflates past the declared size
            }
        });
        return out;
    }

    private interface MemberVisitor {
        void visit(ZipFile zip, ZipEntry entry, String key) throws IOException;
    }

    /**
     * Visits the file members in archive order; archive errors become one-line input errors, and so
     * does a name that occurs twice (which of the two a reader takes is arbitrary).
     */
    private static void members(Path file, MemberVisitor visitor) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory()) {
                    String name = e.getName();
                    if (!seen.add(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name)) {
                        throw new InvalidInputException(file + ": holds two members named '" + name + "'");
                    }
                    visitor.visit(zip, e, name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name);
                }
            }
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a valid .npz archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read .npz archive (" + e.getMessage() + ")", e);
        }
    }

    /** Serializes arrays as an .npz archive, deflated when {@code compress}, else stored. */
    public static byte[] toBytes(Map<String, NdArray> arrays, boolean compress) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zos = new ZipOutputStream(bos)) {
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                byte[] data = Npy.toBytes(e.getValue());
                ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
                ze.setTime(315532800000L); // fixed timestamp: identical content gives identical files
                if (compress) {
                    ze.setMethod(ZipEntry.DEFLATED);
                } else {
                    ze.setMethod(ZipEntry.STORED);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    ze.setSize(data.length);
                    ze.setCompressedSize(data.length);
                    ze.setCrc(crc.getValue());
                }
                zos.putNextEntry(ze);
                zos.write(data);
                zos.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /** Writes an .npz archive atomically. */
    public static void write(Map<String, NdArray> arrays, Path file, boolean compress) {
        AtomicFiles.write(file, toBytes(arrays, compress));
    }
}
