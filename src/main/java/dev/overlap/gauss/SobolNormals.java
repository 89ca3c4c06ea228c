package dev.overlap.gauss;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * A fixed quasi-Monte Carlo point set for the standard normal law in {@code dim} dimensions: the
 * Sobol points 1..n (point 0 is the origin, whose inverse CDF is infinite) mapped coordinate-wise by
 * the normal quantile. Fixed points make an expectation a smooth deterministic function of its
 * parameters. Coordinates are also available as uniforms, for discrete laws.
 */
public final class SobolNormals implements GaussianPoints {
    private final double[][] uniforms;
    private final double[][] normals;

    public SobolNormals(int dim, int n) {
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(dim);
        sobol.nextVector();
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        uniforms = new double[n][];
        normals = new double[n][dim];
        for (int i = 0; i < n; i++) {
            uniforms[i] = sobol.nextVector();
            for (int c = 0; c < dim; c++) {
                normals[i][c] = normal.inverseCumulativeProbability(uniforms[i][c]);
            }
        }
    }

    @Override
    public int dimension() {
        return normals.length == 0 ? 0 : normals[0].length;
    }

    @Override
    public int size() {
        return normals.length;
    }

    @Override
    public double weight(int i) {
        return 1.0 / normals.length;
    }

    @Override
    public double[] point(int i) {
        return normals[i];
    }

    /** Point i as standard normals; the array is shared, do not modify. */
    public double[] normal(int i) {
        return normals[i];
    }

    /** Point i as uniforms in (0, 1); the array is shared, do not modify. */
    public double[] uniform(int i) {
        return uniforms[i];
    }
}
