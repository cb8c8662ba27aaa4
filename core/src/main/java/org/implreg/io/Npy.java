package org.implreg.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.implreg.InvalidInputException;
import org.implreg.MemoryBudget;

/**
 * The NumPy {@code .npy} format (versions 1.0, 2.0 and 3.0).
 *
 * <p>Reads float64/float32, signed and unsigned integers of 1–8 bytes, booleans and unicode strings,
 * little- and big-endian, C and Fortran order; Fortran-ordered data is returned in C order.
 * Writes little-endian C-order version 1.0 files (header padded to 64 bytes, as NumPy does), which
 * {@code numpy.load} reads. Object arrays (pickles) are refused.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Largest array implreg reads, in elements (Java arrays are int-indexed). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {}

    /** Reads a {@code .npy} file (its declared size checked against the {@link MemoryBudget} first). */
    public static NdArray read(Path file) {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString(), Files.size(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Longest header implreg reads (NumPy's own headers are a few hundred bytes). */
    static final int MAX_HEADER = 1 << 20;

    /**
     * Reads one {@code .npy} from a stream: the header first, then exactly the bytes it declares,
     * after checking them against the {@link MemoryBudget}; more bytes than declared are refused
     * without reading them all (a zip bomb inflates no further than the declared size).
     *
     * @param where file or archive member name for error messages
     */
    public static NdArray read(InputStream in, String where) throws IOException {
        return read(in, where, -1);
    }

    /**
     * As {@link #read(InputStream, String)}, with the stream's length when known ({@code size} ≥ 0, e.g.
     * a file's or a zip entry's size): a length that differs from the declared one is refused before the
     * data is allocated.
     */
    public static NdArray read(InputStream in, String where, long size) throws IOException {
        byte[] pre = in.readNBytes(12);
        if (pre.length < 10) {
            throw bad(where, "file is too short for a .npy header (" + pre.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                throw bad(where, "not a .npy file (bad magic string)");
            }
        }
        int major = pre[6] & 0xff;
        long headerEnd;
        if (major == 1) {
            headerEnd = 10L + ((pre[8] & 0xff) | ((pre[9] & 0xff) << 8));
        } else if ((major == 2 || major == 3) && pre.length == 12) {
            headerEnd = 12L + (ByteBuffer.wrap(pre, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL);
        } else {
            return parse(pre, where); // reports the version or the truncation
        }
        if (headerEnd > MAX_HEADER) {
            throw bad(where, "header of " + headerEnd + " bytes is too long (at most " + MAX_HEADER + ")");
        }
        byte[] head = java.util.Arrays.copyOf(pre, (int) Math.max(headerEnd, pre.length));
        int got = pre.length + in.readNBytes(head, pre.length, head.length - pre.length);
        if (got < headerEnd) {
            throw bad(where, "truncated .npy header");
        }
        Header h = header(head, where);
        long total = h.dataStart() + h.dataBytes();
        MemoryBudget.require(h.dataBytes() + (h.kind() == 'U' ? 0 : 8 * h.size()), "array of dtype " + h.descr() + " and shape "
            + h.shapeText(), where);
        if (total > Integer.MAX_VALUE - 8) {
            throw bad(where, "array too large: shape " + h.shapeText());
        }
        if (size >= 0 && size != total) {
            throw bad(where, (size < total ? "truncated data: " : "trailing bytes: ") + (size - h.dataStart()) + " bytes for dtype "
                + h.descr() + " and shape " + h.shapeText() + " (expected " + h.dataBytes() + ")");
        }
        byte[] all = java.util.Arrays.copyOf(head, (int) total);
        int n = head.length >= total ? (int) total : head.length + in.readNBytes(all, head.length, (int) total - head.length);
        if (n < total) {
            throw bad(where, "truncated data: " + (n - h.dataStart()) + " bytes for dtype " + h.descr() + " and shape "
                + h.shapeText() + " (expected " + h.dataBytes() + ")");
        }
        if (head.length > total || in.read() != -1) {
            throw bad(where, "trailing bytes after the " + h.dataBytes() + " bytes of data for dtype " + h.descr() + " and shape "
                + h.shapeText());
        }
        return parse(all, where);
    }

    /** A parsed header: dtype parts, shape, and where the data starts and how long it is. */
    private record Header(String descr, boolean fortran, int[] shape, String shapeText, long size, char kind, int itemSize,
                          ByteOrder order, int dataStart, long dataBytes) {}

    /** Parses the header of {@code b} (which may hold only the header); checks the declared size. */
    private static Header header(byte[] b, String where) {
        if (b.length < 10) {
            throw bad(where, "file is too short for a .npy header (" + b.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw bad(where, "not a .npy file (bad magic string)");
            }
        }
        int major = b[6] & 0xff;
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = (b[8] & 0xff) | ((b[9] & 0xff) << 8);
            offset = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw bad(where, "truncated .npy header");
            }
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            offset = 12;
        } else {
            throw bad(where, "unsupported .npy format version " + major + "." + (b[7] & 0xff));
        }
        if (headerLen < 0 || offset + (long) headerLen > b.length) {
            throw bad(where, "truncated .npy header");
        }
        String header = new String(b, offset, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(header);
        Matcher mf = FORTRAN.matcher(header);
        Matcher ms = SHAPE.matcher(header);
        if (!md.find() || !mf.find() || !ms.find()) {
            throw bad(where, "malformed .npy header: " + header.strip());
        }
        String descr = md.group(1);
        boolean fortran = mf.group(1).equals("True");
        int[] shape = parseShape(ms.group(1), where);
        long size = 1;
        for (int s : shape) {
            size *= s;
            if (size > MAX_ELEMENTS) {
                throw bad(where, "array too large: shape " + ms.group(1));
            }
        }
        if (descr.length() < 3) {
            throw bad(where, "unsupported dtype '" + descr + "'");
        }
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int itemSize;
        try {
            itemSize = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw bad(where, "unsupported dtype '" + descr + "'");
        }
        if (order != '<' && order != '>' && order != '|' && order != '=') {
            throw bad(where, "unsupported byte order in dtype '" + descr + "'");
        }
        if (itemSize < 1 || itemSize > 1 << 20) {
            throw bad(where, "unsupported dtype '" + descr + "'");
        }
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long dataBytes = kind == 'U' ? size * itemSize * 4L : size * itemSize;
        return new Header(descr, fortran, shape, ms.group(1), size, kind, itemSize, bo, offset + headerLen, dataBytes);
    }

    /**
     * Parses the bytes of a {@code .npy} file.
     *
     * @param where file or archive member name for error messages
     * @throws InvalidInputException on any malformation, with {@code where} in the message
     */
    public static NdArray parse(byte[] b, String where) {
        Header h = header(b, where);
        String descr = h.descr();
        boolean fortran = h.fortran();
        int[] shape = h.shape();
        long size = h.size();
        char kind = h.kind();
        int itemSize = h.itemSize();
        ByteOrder bo = h.order();
        int dataStart = h.dataStart();
        MemoryBudget.require(kind == 'U' ? 0 : 8 * size, "array of dtype " + descr + " and shape " + h.shapeText(), where);
        if (kind == 'U') {
            long need = size * itemSize * 4L;
            if (b.length - dataStart != need) {
                throw bad(where, "data has " + (b.length - dataStart) + " bytes, expected " + need + " for dtype " + descr + " and shape " + h.shapeText());
            }
            if (size != 1) {
                throw bad(where, "only single unicode strings are supported, got shape " + h.shapeText());
            }
            ByteBuffer bb = ByteBuffer.wrap(b, dataStart, itemSize * 4).order(bo);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < itemSize; i++) {
                int cp = bb.getInt();
                if (cp == 0) {
                    break;
                }
                sb.appendCodePoint(cp);
            }
            return new NdArray("U" + itemSize, shape, null, sb.toString());
        }
        boolean ok = switch (kind) {
            case 'f' -> itemSize == 4 || itemSize == 8;
            case 'i', 'u' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'b' -> itemSize == 1;
            default -> false;
        };
        if (!ok) {
            throw bad(where, "unsupported dtype '" + descr + "' (implreg reads float32/64, integers, bool and unicode)");
        }
        long need = size * itemSize;
        long have = (long) b.length - dataStart;
        if (have != need) {
            throw bad(where, (have < need ? "truncated data: " : "trailing bytes: ") + have + " bytes for dtype " + descr
                + " and shape " + h.shapeText() + " (expected " + need + ")");
        }
        ByteBuffer bb = ByteBuffer.wrap(b, dataStart, (int) need).order(bo);
        double[] v = new double[(int) size];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (kind) {
                case 'f' -> itemSize == 8 ? bb.getDouble() : bb.getFloat();
                case 'i' -> switch (itemSize) {
                    case 1 -> bb.get();
                    case 2 -> bb.getShort();
                    case 4 -> bb.getInt();
                    default -> (double) bb.getLong();
                };
                case 'u' -> switch (itemSize) {
                    case 1 -> bb.get() & 0xff;
                    case 2 -> bb.getShort() & 0xffff;
                    case 4 -> bb.getInt() & 0xffffffffL;
                    default -> unsignedLongToDouble(bb.getLong());
                };
                default -> bb.get() != 0 ? 1.0 : 0.0;
            };
        }
        if (fortran && shape.length > 1) {
            v = fortranToC(v, shape);
        }
        return new NdArray(String.valueOf(kind) + itemSize, shape, v, null);
    }

    private static double unsignedLongToDouble(long x) {
        double d = (double) (x >>> 1) * 2.0;
        return d + (x & 1);
    }

    private static int[] parseShape(String s, String where) {
        List<Integer> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1);
            }
            try {
                long v = Long.parseLong(t);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw bad(where, "invalid dimension " + t + " in shape (" + s + ")");
                }
                dims.add((int) v);
            } catch (NumberFormatException e) {
                throw bad(where, "invalid shape (" + s + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Reorders Fortran-order data of the given shape into C order. */
    static double[] fortranToC(double[] f, int[] shape) {
        int nd = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[nd];
        long[] fStride = new long[nd];
        long s = 1;
        for (int k = 0; k < nd; k++) {
            fStride[k] = s;
            s *= shape[k];
        }
        for (int i = 0; i < c.length; i++) {
            long fi = 0;
            for (int k = 0; k < nd; k++) {
                fi += idx[k] * fStride[k];
            }
            c[i] = f[(int) fi];
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }

    /** Serializes an array as a version 1.0 little-endian C-order {@code .npy}. */
    public static byte[] toBytes(NdArray a) {
        String descr;
        int itemSize;
        if (a.text() != null) {
            int len = Math.max(1, a.text().codePointCount(0, a.text().length()));
            descr = "<U" + len;
            itemSize = 4 * len;
        } else if (a.isInteger()) {
            descr = "<i8";
            itemSize = 8;
        } else {
            descr = "<f8";
            itemSize = 8;
        }
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(i == 0 ? "" : ", ").append(a.shape()[i]);
        }
        if (a.shape().length == 1) {
            shape.append(',');
        }
        shape.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        long count = a.text() != null ? 1 : a.values().length;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (10 + header.length() + count * itemSize));
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        int hl = header.length();
        out.write(hl & 0xff);
        out.write((hl >>> 8) & 0xff);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer bb = ByteBuffer.allocate((int) (count * itemSize)).order(ByteOrder.LITTLE_ENDIAN);
        if (a.text() != null) {
            a.text().codePoints().forEach(bb::putInt);
            if (a.text().isEmpty()) {
                bb.putInt(0);
            }
        } else if (a.isInteger()) {
            for (double v : a.values()) {
                bb.putLong((long) v);
            }
        } else {
            for (double v : a.values()) {
                bb.putDouble(v);
            }
        }
        out.writeBytes(bb.array());
        return out.toByteArray();
    }

    /** Writes a {@code .npy} file atomically. */
    public static void write(NdArray a, Path file) {
        AtomicFiles.write(file, toBytes(a));
    }

    private static InvalidInputException bad(String where, String what) {
        return new InvalidInputException(where + ": " + what);
    }
}
