package io.gmeye.models.detect;

import java.util.Map;

/** The outputs of one run, by tensor name. */
public record ModelOutputs(Map<String, FloatTensor> tensors) {
    public FloatTensor get(String name) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the model has no output '" + name + "' (has " + tensors.keySet() + ")");
        }
        return t;
    }
}
