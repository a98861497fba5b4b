package io.gmeye.rigs.estate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a district like 光明's: 310 tags in a tree (area, road, scene, camera kind, place of
 * use, device type, priority), sites, cameras spread over them with tags, devices of 33 types and
 * checkpoints with a sentinel and a turnstile each. Deterministic for a seed.
 */
public final class DistrictGenerator {
    /** How big: {@link #DISTRICT} is the real estate's size. */
    public record Scale(int sites, int cameras, int devices, int checkpoints) {
    }

    public static final Scale DISTRICT = new Scale(100, 43_000, 10_022, 931);
    public static final Scale SMALL = new Scale(3, 60, 40, 6);

    static final String[] STREETS = {"光明街道", "公明街道", "新湖街道", "凤凰街道", "玉塘街道", "马田街道"};
    static final String[] STREETS_EN = {"guangming", "gongming", "xinhu", "fenghuang", "yutang", "matian"};
    public static final String[] SCENES = {"vending", "parking", "debris", "poster", "banner", "out_of_store"};
    static final String[] SCENES_ZH = {"占道经营", "乱停放", "乱堆放", "乱张贴", "乱拉挂", "出店经营"};
    static final String[] KINDS = {"gun", "dome", "ptz", "panoramic", "face"};
    static final String[] KINDS_ZH = {"枪机", "球机", "云台", "全景", "人脸"};
    static final String[] USES = {"school", "hospital", "metro", "mall", "park", "industrial", "village", "river", "junction", "gate", "bus", "market"};
    static final String[] USES_ZH = {"学校", "医院", "地铁站", "商圈", "公园", "工业园", "城中村", "河道", "路口", "社区出入口", "公交站", "菜市场"};
    public static final String[] DEVICE_TYPES = {"smoke", "temperature", "humidity", "water_level", "manhole", "door", "gas", "electric_meter",
            "water_meter", "streetlight", "noise", "pm25", "wind", "rain", "soil", "parking_sensor", "fire_hydrant", "elevator", "trash_bin",
            "tilt", "crack", "displacement", "pressure", "flow", "power", "ups", "access_control", "alarm_button", "radar", "loudspeaker",
            "display", "sentinel", "turnstile"};

    private DistrictGenerator() {
    }

    public static District generate(Scale scale, long seed) {
        Random r = new Random(seed);
        List<District.TagDef> tags = tags();
        List<District.SiteDef> sites = new ArrayList<>();
        for (int i = 0; i < scale.sites(); i++) {
            int street = i % STREETS.length;
            String id = String.format("site-%03d", i + 1);
            sites.add(new District.SiteDef(id, STREETS[street] + " 站点 " + (i + 1), "secret-" + id,
                    List.of("area/" + STREETS_EN[street])));
        }
        List<District.CameraDef> cameras = new ArrayList<>(scale.cameras());
        for (int i = 0; i < scale.cameras(); i++) {
            District.SiteDef site = sites.get(i % sites.size());
            int street = (i % sites.size()) % STREETS.length;
            int community = r.nextInt(6);
            int kind = r.nextInt(KINDS.length);
            List<String> t = new ArrayList<>(List.of("area/" + STREETS_EN[street] + "/c" + (community + 1),
                    String.format("road/r%03d", 1 + r.nextInt(202)), "kind/" + KINDS[kind], "use/" + USES[r.nextInt(USES.length)]));
            if (r.nextInt(4) == 0) {
                t.add("scene/" + SCENES[r.nextInt(SCENES.length)]);
            }
            t.add("priority/" + (r.nextInt(10) == 0 ? "high" : r.nextInt(3) == 0 ? "low" : "normal"));
            cameras.add(new District.CameraDef(String.format("cam-%05d", i + 1), site.id(), KINDS_ZH[kind] + " " + (i + 1), KINDS[kind], t));
        }
        List<District.CheckpointDef> checkpoints = new ArrayList<>();
        List<District.DeviceDef> devices = new ArrayList<>(scale.devices());
        for (int i = 0; i < scale.checkpoints(); i++) {
            District.SiteDef site = sites.get(i % sites.size());
            int street = (i % sites.size()) % STREETS.length;
            String id = String.format("cp-%04d", i + 1);
            List<String> t = List.of("area/" + STREETS_EN[street], "use/" + USES[r.nextInt(USES.length)]);
            checkpoints.add(new District.CheckpointDef(id, site.id(), "卡口 " + (i + 1), t));
            devices.add(new District.DeviceDef(id + "-sentinel", site.id(), "sentinel", id, List.of("device/sentinel", t.get(0))));
            devices.add(new District.DeviceDef(id + "-turnstile", site.id(), "turnstile", id, List.of("device/turnstile", t.get(0))));
        }
        for (int i = devices.size(); i < scale.devices(); i++) {
            District.SiteDef site = sites.get(i % sites.size());
            int street = (i % sites.size()) % STREETS.length;
            String type = DEVICE_TYPES[r.nextInt(DEVICE_TYPES.length - 2)];
            devices.add(new District.DeviceDef(String.format("dev-%05d", i + 1), site.id(), type, null,
                    List.of("device/" + type, "area/" + STREETS_EN[street])));
        }
        return new District(tags, sites, cameras, devices, checkpoints);
    }

    /** The catalog: 310 tags. */
    static List<District.TagDef> tags() {
        List<District.TagDef> t = new ArrayList<>();
        t.add(new District.TagDef("area", "区域", "Area"));
        for (int s = 0; s < STREETS.length; s++) {
            t.add(new District.TagDef("area/" + STREETS_EN[s], STREETS[s], STREETS_EN[s] + " street"));
            for (int c = 1; c <= 6; c++) {
                t.add(new District.TagDef("area/" + STREETS_EN[s] + "/c" + c, STREETS[s] + "第" + c + "社区", STREETS_EN[s] + " community " + c));
            }
        }
        t.add(new District.TagDef("road", "道路", "Road"));
        for (int i = 1; i <= 202; i++) {
            t.add(new District.TagDef(String.format("road/r%03d", i), "道路" + i + "号", "Road " + i));
        }
        t.add(new District.TagDef("scene", "场景", "Scene"));
        for (int i = 0; i < SCENES.length; i++) {
            t.add(new District.TagDef("scene/" + SCENES[i], SCENES_ZH[i], SCENES[i].replace('_', ' ')));
        }
        t.add(new District.TagDef("kind", "摄像机类型", "Camera kind"));
        for (int i = 0; i < KINDS.length; i++) {
            t.add(new District.TagDef("kind/" + KINDS[i], KINDS_ZH[i], KINDS[i]));
        }
        t.add(new District.TagDef("use", "点位用途", "Place"));
        for (int i = 0; i < USES.length; i++) {
            t.add(new District.TagDef("use/" + USES[i], USES_ZH[i], USES[i]));
        }
        t.add(new District.TagDef("device", "设备类型", "Device type"));
        for (String d : DEVICE_TYPES) {
            t.add(new District.TagDef("device/" + d, d, d.replace('_', ' ')));
        }
        t.add(new District.TagDef("priority", "重点等级", "Priority"));
        t.add(new District.TagDef("priority/high", "重点", "high"));
        t.add(new District.TagDef("priority/normal", "一般", "normal"));
        t.add(new District.TagDef("priority/low", "低", "low"));
        return t;
    }
}
