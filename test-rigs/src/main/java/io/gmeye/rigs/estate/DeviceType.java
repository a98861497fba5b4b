package io.gmeye.rigs.estate;

import java.util.List;

/**
 * The 33 kinds of field device in the district's IoT platform, with how often each reports and
 * what share of the 10,022 devices it has. Periods follow what such devices do in the field:
 * environmental sensors every minute or so, meters every quarter hour, alarms only on change
 * (plus a slow keep-alive).
 */
public record DeviceType(String name, int periodSeconds, double share, String metric) {
    public static final List<DeviceType> ALL = List.of(
            new DeviceType("smoke_detector", 300, 0.08, "density"),
            new DeviceType("air_quality", 60, 0.06, "pm25"),
            new DeviceType("noise_meter", 60, 0.04, "db"),
            new DeviceType("water_meter", 900, 0.07, "litres"),
            new DeviceType("electric_meter", 900, 0.07, "kwh"),
            new DeviceType("gas_meter", 900, 0.04, "m3"),
            new DeviceType("manhole_cover", 600, 0.05, "tilt"),
            new DeviceType("water_level", 120, 0.03, "cm"),
            new DeviceType("rain_gauge", 300, 0.01, "mm"),
            new DeviceType("weather_station", 60, 0.01, "celsius"),
            new DeviceType("parking_sensor", 120, 0.06, "occupied"),
            new DeviceType("street_light", 600, 0.06, "watts"),
            new DeviceType("trash_bin_level", 600, 0.04, "fill"),
            new DeviceType("fire_hydrant_pressure", 300, 0.02, "bar"),
            new DeviceType("door_magnet", 600, 0.03, "open"),
            new DeviceType("infrared_motion", 300, 0.03, "motion"),
            new DeviceType("gas_leak_detector", 300, 0.02, "ppm"),
            new DeviceType("temperature_humidity", 120, 0.04, "celsius"),
            new DeviceType("electric_fire_monitor", 300, 0.02, "ma"),
            new DeviceType("elevator_monitor", 120, 0.02, "floor"),
            new DeviceType("bridge_strain", 60, 0.005, "microstrain"),
            new DeviceType("slope_displacement", 300, 0.005, "mm"),
            new DeviceType("tree_tilt", 900, 0.01, "deg"),
            new DeviceType("emergency_button", 900, 0.01, "pressed"),
            new DeviceType("access_control", 300, 0.02, "events"),
            new DeviceType("well_cover_water", 600, 0.01, "cm"),
            new DeviceType("soil_moisture", 900, 0.01, "percent"),
            new DeviceType("uv_index", 300, 0.005, "uv"),
            new DeviceType("radiation", 600, 0.005, "usv"),
            new DeviceType("ebike_charger", 300, 0.03, "amps"),
            new DeviceType("vibration", 120, 0.01, "g"),
            new DeviceType("people_counter", 60, 0.02, "count"),
            new DeviceType("gps_tracker", 60, 0.02, "speed"));
}
