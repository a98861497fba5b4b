package io.gmeye.models.detect;

import java.util.Arrays;

/** A model output copied out of ONNX Runtime: row-major floats and their shape. */
public record FloatTensor(float[] data, long[] shape) {
    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " floats, got " + data.length);
        }
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    public int rank() {
        return shape.length;
    }
}
