package io.warden.gateway.people;

/**
 * An import worked out against one directory version: the report people see and the changes that
 * carry it out. Applied only to that same version (see {@link DirectoryStore#apply}).
 */
public record ImportPlan(ImportReport report, DirectoryChanges changes, long baseVersion) {}
