package dev.overlap.modelfile;

import java.util.Arrays;

/** A small immutable dense matrix, as written in a model file (a list of rows). */
public final class Matrix {
    private final double[][] rows;

    public Matrix(double[][] rows) {
        this.rows = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            this.rows[i] = rows[i].clone();
        }
    }

    public int rows() {
        return rows.length;
    }

    public int columns() {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    public double get(int i, int j) {
        return rows[i][j];
    }

    public double[][] toArray() {
        return new Matrix(rows).rows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && Arrays.deepEquals(rows, m.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rows);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(rows);
    }
}
