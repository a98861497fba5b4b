package io.gmeye.rigs.estate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The district to simulate: sites, and the cameras, devices and checkpoints spread over them as
 * evenly as the totals allow (43,000 cameras, 10,022 devices of 33 types, 931 checkpoints over
 * 200 sites by default). Deterministic for a seed.
 */
public record District(List<Site> sites) {
    /** One device: its id, type, and the second within its period at which it reports. */
    public record Device(String id, DeviceType type, int phase) {
    }

    /** One site box and what hangs off it. */
    public record Site(String id, List<String> cameras, List<Device> devices, List<String> checkpoints) {
    }

    public static District build(int sites, int cameras, int devices, int checkpoints, long seed) {
        Random random = new Random(seed);
        List<Site> out = new ArrayList<>();
        List<DeviceType> typePerDevice = deviceTypes(devices);
        int dev = 0;
        for (int s = 0; s < sites; s++) {
            String site = String.format("estate-%03d", s + 1);
            List<String> cams = new ArrayList<>();
            for (int c = share(cameras, sites, s); c > 0; c--) {
                cams.add(site + "-cam-" + cams.size());
            }
            List<Device> devs = new ArrayList<>();
            for (int d = share(devices, sites, s); d > 0; d--, dev++) {
                DeviceType t = typePerDevice.get(dev);
                devs.add(new Device(site + "-" + t.name() + "-" + devs.size(), t, random.nextInt(t.periodSeconds())));
            }
            List<String> cps = new ArrayList<>();
            for (int k = share(checkpoints, sites, s); k > 0; k--) {
                cps.add(site + "-gate-" + cps.size());
            }
            out.add(new Site(site, cams, devs, cps));
        }
        return new District(out);
    }

    public static District guangming(int sites) {
        return build(sites, 43_000, 10_022, 931, 2026);
    }

    /** The i-th of n parts of total, as even as whole numbers allow. */
    private static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    private static List<DeviceType> deviceTypes(int devices) {
        List<DeviceType> out = new ArrayList<>(devices);
        double sum = DeviceType.ALL.stream().mapToDouble(DeviceType::share).sum();
        for (DeviceType t : DeviceType.ALL) {
            long n = Math.max(1, Math.round(devices * t.share() / sum));
            for (long i = 0; i < n && out.size() < devices; i++) {
                out.add(t);
            }
        }
        while (out.size() < devices) {
            out.add(DeviceType.ALL.get(out.size() % DeviceType.ALL.size()));
        }
        java.util.Collections.shuffle(out, new Random(7));
        return out;
    }

    public int cameras() {
        return sites.stream().mapToInt(s -> s.cameras().size()).sum();
    }

    public int devices() {
        return sites.stream().mapToInt(s -> s.devices().size()).sum();
    }

    public int checkpoints() {
        return sites.stream().mapToInt(s -> s.checkpoints().size()).sum();
    }
}
