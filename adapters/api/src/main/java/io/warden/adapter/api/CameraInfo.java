package io.warden.adapter.api;

/** A camera's description of itself, as the device reports it (ONVIF GetDeviceInformation). */
public record CameraInfo(String manufacturer, String model, String firmware, String serialNumber, String hardwareId) {}
