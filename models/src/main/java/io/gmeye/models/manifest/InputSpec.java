package io.gmeye.models.manifest;

import io.gmeye.platform.config.Validated;
import java.util.List;

/**
 * How a frame becomes the model's input tensor. A pixel value v (0..255) of channel c becomes
 * {@code (v * scale - mean[c]) / std[c]}, channels in {@code colour} order.
 *
 * @param width  input width; for {@link ResizeMode#STRETCH32} the limit of the long side
 * @param fill   pixel value (0..255) of the letterbox padding
 */
public record InputSpec(
        String name,
        int width,
        int height,
        Layout layout,
        ColourOrder colour,
        ResizeMode resize,
        Align align,
        int fill,
        double scale,
        List<Double> mean,
        List<Double> std) implements Validated {

    public enum Layout { NCHW, NHWC }

    public enum ColourOrder { BGR, RGB }

    /** LETTERBOX keeps the aspect ratio and pads; STRETCH fills the input; STRETCH32 keeps the frame's shape in multiples of 32 (dynamic input). */
    public enum ResizeMode { LETTERBOX, STRETCH, STRETCH32 }

    public enum Align { TOP_LEFT, CENTER }

    public InputSpec {
        layout = layout == null ? Layout.NCHW : layout;
        colour = colour == null ? ColourOrder.BGR : colour;
        resize = resize == null ? ResizeMode.LETTERBOX : resize;
        align = align == null ? Align.TOP_LEFT : align;
        scale = scale == 0 ? 1.0 : scale;
        mean = mean == null ? List.of(0.0, 0.0, 0.0) : List.copyOf(mean);
        std = std == null ? List.of(1.0, 1.0, 1.0) : List.copyOf(std);
    }

    @Override
    public void validate() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: the input tensor's name is required");
        }
        if (width < 32 || height < 32 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("width/height: must be 32..4096, got " + width + "x" + height);
        }
        if (mean.size() != 3 || std.size() != 3 || std.stream().anyMatch(s -> s == 0)) {
            throw new IllegalArgumentException("mean/std: three values each, std not zero");
        }
        if (fill < 0 || fill > 255) {
            throw new IllegalArgumentException("fill: a pixel value 0..255, got " + fill);
        }
    }
}
