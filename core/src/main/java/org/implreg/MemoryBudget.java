package org.implreg;

import java.util.Locale;

/**
 * The memory an allocation whose size comes from input may take: a fixed share of the heap limit
 * ({@link Runtime#maxMemory()}), so a file or option that declares a huge size is refused with exit
 * code 2 and the numbers, before anything is allocated, instead of running out of memory.
 *
 * <p>Every reader and allocator that takes a size from input calls {@link #require} first. The
 * budget is {@value #SHARE_PERCENT}% of the heap limit (the rest is for the JVM, the other arrays
 * of the computation and their copies); the system property {@code implreg.memory.budget} (bytes)
 * overrides it, e.g. for tests.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** Share of the heap limit one input-sized allocation may take, in percent. */
    public static final int SHARE_PERCENT = 50;

    /** The budget in bytes. */
    public static long bytes() {
        String p = System.getProperty("implreg.memory.budget");
        if (p != null) {
            try {
                return Long.parseLong(p.strip());
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        return max == Long.MAX_VALUE ? Long.MAX_VALUE : max / 100 * SHARE_PERCENT;
    }

    /**
     * Throws {@link InvalidInputException} when {@code bytes} (negative: overflowed, i.e. huge)
     * exceeds the budget.
     *
     * @param bytes what the allocation needs
     * @param what  what would be allocated, e.g. "X (40000×50000 doubles)"
     * @param where the file, key or option that declared the size, e.g. "ratings.txt"
     */
    public static void require(long bytes, String what, String where) {
        long budget = bytes();
        if (bytes < 0 || bytes > budget) {
            throw new InvalidInputException(where + ": " + what + " needs " + (bytes < 0 ? "more than 8 EB" : human(bytes))
                + ", more than the memory budget of " + human(budget) + " (" + SHARE_PERCENT
                + "% of the heap limit; raise it with java -Xmx)");
        }
    }

    /** {@link #require} for {@code count} doubles; counts beyond what a Java array holds are refused too. */
    public static void requireDoubles(long count, String what, String where) {
        if (count > Integer.MAX_VALUE - 8L) {
            throw new InvalidInputException(where + ": " + what + " has " + count + " entries, more than a Java array holds ("
                + (Integer.MAX_VALUE - 8L) + ")");
        }
        require(Math.multiplyHigh(count, 8L) != 0 ? -1 : count * 8L, what, where);
    }

    /** The product a·b·… of sizes, or -1 when it overflows a long (callers then refuse). */
    public static long product(long... sizes) {
        long p = 1;
        for (long s : sizes) {
            if (s < 0) {
                return -1;
            }
            try {
                p = Math.multiplyExact(p, s);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }

    /** Bytes as e.g. "16.0 GB" (powers of 1000) or "512 bytes". */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        String[] unit = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < unit.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, unit[u]);
    }
}
