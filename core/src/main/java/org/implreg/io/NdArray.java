package org.implreg.io;

import java.util.Arrays;

/**
 * An n-dimensional array as read from or written to a {@code .npy} file, in C (row-major) order.
 * Numeric data of every dtype is held as {@code double} (integers up to 2⁵³ are exact); unicode
 * string arrays of one element are held as {@link #text}.
 *
 * @param dtype  NumPy dtype kind and size without byte order, e.g. "f8", "f4", "i8", "u1", "b1", "U12"
 * @param shape  dimensions (empty for a 0-d array)
 * @param values numeric values in C order (null for text arrays)
 * @param text   the string of a 0-d or 1-element unicode array (null otherwise)
 */
public record NdArray(String dtype, int[] shape, double[] values, String text) {

    /** A float64 array of the given shape, values in C order. */
    public static NdArray ofDoubles(double[] values, int... shape) {
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
        }
        return new NdArray("f8", shape.clone(), values, null);
    }

    /** An int64 array of the given shape. */
    public static NdArray ofLongs(long[] values, int... shape) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return new NdArray("i8", shape.clone(), v, null);
    }

    /** A 0-d unicode string array. */
    public static NdArray ofText(String s) {
        return new NdArray("U" + Math.max(1, s.codePointCount(0, s.length())), new int[0], null, s);
    }

    /**
     * An r×c matrix from implreg's column-major layout, stored in NumPy's C order with shape (r, c).
     */
    public static NdArray ofColumnMajor(double[] data, int rows, int cols) {
        double[] c = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                c[i * cols + j] = data[i + j * rows];
            }
        }
        return ofDoubles(c, rows, cols);
    }

    /** Number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** Number of elements. */
    public long size() {
        long s = 1;
        for (int d : shape) {
            s *= d;
        }
        return s;
    }

    /** Whether the dtype is an integer or boolean kind. */
    public boolean isInteger() {
        return dtype.startsWith("i") || dtype.startsWith("u") || dtype.startsWith("b");
    }

    /** Whether the dtype is a floating kind. */
    public boolean isFloat() {
        return dtype.startsWith("f");
    }

    /** A 2-d array's values in implreg's column-major layout. */
    public double[] toColumnMajor() {
        if (shape.length != 2) {
            throw new IllegalStateException("not a matrix: shape " + Arrays.toString(shape));
        }
        int r = shape[0];
        int c = shape[1];
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i + j * r] = values[i * c + j];
            }
        }
        return out;
    }

    /** Shape as "(a, b, c)". */
    public String shapeString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && dtype.equals(a.dtype) && Arrays.equals(shape, a.shape)
            && Arrays.equals(values, a.values) && java.util.Objects.equals(text, a.text);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(values), text);
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype + " " + shapeString() + "]";
    }
}
