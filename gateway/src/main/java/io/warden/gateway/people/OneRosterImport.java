package io.warden.gateway.people;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a OneRoster CSV export (1.1 or 1.2) into the people Warden keeps: staff and students, with
 * their name, SIS id, schools and status, nothing else of a student.
 * <ul>
 *   <li>Version: a {@code users.csv} header with a {@code role} column is 1.1; one without it and with a
 *       1.2 column ({@code userMasterIdentifier}, {@code preferredGivenName}, {@code primaryOrgSourcedId},
 *       {@code pronouns}, ...) is 1.2, whose roles are in {@code roles.csv} (then required).</li>
 *   <li>Kind: {@code student} is a student; {@code teacher}, {@code aide}, {@code administrator},
 *       {@code proctor} and the 1.2 staff roles ({@code counselor}, {@code principal},
 *       {@code districtAdministrator}, {@code siteAdministrator}, {@code systemAdministrator}) are staff;
 *       {@code guardian}, {@code parent}, {@code relative} and extension roles ({@code ext:...}) are not
 *       imported, only counted. In 1.2 the primary roles decide (staff before student); the secondary
 *       ones only when a user has no primary role.</li>
 *   <li>Status: {@code enabledUser=false} or (delta files) {@code status=tobedeleted} is suspended.</li>
 *   <li>Name: {@code givenName familyName}, the 1.2 {@code preferredGivenName} in place of the given name
 *       when present. SIS id: {@code identifier}, else the {@code SIS} entry of {@code userIds}.</li>
 *   <li>Schools: the orgs named by {@code orgSourcedIds}, {@code primaryOrgSourcedId}, the user's
 *       {@code roles.csv} rows and {@code enrollments.csv} {@code schoolSourcedId}s. With {@code orgs.csv}
 *       only orgs of type {@code school} are kept (a district is not a school) and an org it does not
 *       list is a problem; without it every org named is kept as given.</li>
 *   <li>Rows of {@code roles.csv}, {@code enrollments.csv} and {@code orgs.csv} with status
 *       {@code tobedeleted} are ignored; rows naming users not in {@code users.csv} too.</li>
 * </ul>
 */
final class OneRosterImport {
    static final String FORMAT = "oneroster";
    static final String USERS = "users.csv";
    static final String ORGS = "orgs.csv";
    static final String ENROLLMENTS = "enrollments.csv";
    static final String ROLES = "roles.csv";
    static final String MANIFEST = "manifest.csv";

    private static final Set<String> V12_COLUMNS = Set.of("userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
            "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns");
    private static final Set<String> STAFF_ROLES = Set.of("teacher", "aide", "administrator", "proctor", "counselor", "principal",
            "districtAdministrator", "siteAdministrator", "systemAdministrator");
    private static final Set<String> OTHER_ROLES = Set.of("guardian", "parent", "relative");
    private static final Set<String> ORG_TYPES = Set.of("department", "school", "district", "local", "state", "national");
    private static final Pattern USER_ID = Pattern.compile("\\{([^:{}]+):([^{}]*)}");

    private OneRosterImport() {}

    /** A user's role rows (1.2 roles.csv): the primary roles, the secondary ones, their orgs. */
    private static final class Roles {
        final List<String> primary = new ArrayList<>();
        final List<String> secondary = new ArrayList<>();
        final List<OrgRef> orgs = new ArrayList<>();
    }

    /** An org named in a file, where (for problems about it). */
    private record OrgRef(String id, String file, int line, String column) {}

    static ImportPlan plan(Directory current, ImportRequest request, ImportProblems problems) {
        Map<String, byte[]> files = request.files();
        if (!files.containsKey(USERS)) {
            problems.add(USERS, 0, null, "missing: a OneRoster import needs users.csv (files given: " + new TreeSet<>(files.keySet()) + ")");
            return null;
        }
        if (request.fullSync() && files.containsKey(MANIFEST)) deltaUsers(files.get(MANIFEST), problems);
        Map<String, String> orgTypes = files.containsKey(ORGS) ? orgs(files.get(ORGS), problems) : null;
        CsvTable users = CsvTable.read(USERS, files.get(USERS), problems);
        if (users == null) return null;
        boolean v12 = !users.has("role") && V12_COLUMNS.stream().anyMatch(users::has);
        boolean columnsOk = v12
                ? users.require(problems, "sourcedId", "enabledUser", "givenName", "familyName")
                : users.require(problems, "sourcedId", "enabledUser", "orgSourcedIds", "role", "givenName", "familyName");
        Map<String, Roles> roles = null;
        if (v12) {
            if (files.containsKey(ROLES)) {
                roles = roles(files.get(ROLES), problems);
            } else {
                problems.add(ROLES, 0, null, "missing: users.csv is OneRoster 1.2, whose roles are in roles.csv");
            }
        }
        Map<String, List<OrgRef>> enrolled = files.containsKey(ENROLLMENTS) ? enrollments(files.get(ENROLLMENTS), problems) : Map.of();
        if (!columnsOk) return null;

        int cId = users.column("sourcedId"), cStatus = users.column("status"), cEnabled = users.column("enabledUser");
        int cOrgs = users.column("orgSourcedIds"), cPrimaryOrg = users.column("primaryOrgSourcedId"), cRole = users.column("role");
        int cGiven = users.column("givenName"), cPreferred = users.column("preferredGivenName"), cFamily = users.column("familyName");
        int cIdentifier = users.column("identifier"), cUserIds = users.column("userIds");
        Map<String, Integer> seen = new HashMap<>();
        List<ImportDiff.Wanted> wanted = new ArrayList<>();
        int skipped = 0;
        for (CsvTable.Row row : users.rows) {
            String id = CsvTable.value(row, cId);
            if (id.isEmpty()) {
                problems.add(USERS, row.line(), "sourcedId", "empty sourcedId");
                continue;
            }
            Integer first = seen.putIfAbsent(id, row.line());
            if (first != null) {
                problems.add(USERS, row.line(), "sourcedId", "duplicate sourcedId '" + id + "' (first on line " + first + ")");
                continue;
            }
            String status = CsvTable.value(row, cStatus);
            if (!status.isEmpty() && !status.equals("active") && !status.equals("tobedeleted")) {
                problems.add(USERS, row.line(), "status", "unknown status '" + status + "': must be active, tobedeleted or empty");
            }
            String enabled = CsvTable.value(row, cEnabled);
            if (!enabled.equals("true") && !enabled.equals("false")) {
                problems.add(USERS, row.line(), "enabledUser", "enabledUser '" + enabled + "' must be true or false");
            }
            PersonKind kind;
            if (v12) {
                Roles r = roles == null ? null : roles.get(id);
                if (roles != null && r == null) {
                    problems.add(USERS, row.line(), "sourcedId", "user '" + id + "' has no role in roles.csv");
                    continue;
                }
                kind = r == null ? null : kind(r.primary.isEmpty() ? r.secondary : r.primary);
            } else {
                String role = CsvTable.value(row, cRole);
                if (!STAFF_ROLES.contains(role) && !OTHER_ROLES.contains(role) && !role.equals("student") && !role.startsWith("ext:")) {
                    problems.add(USERS, row.line(), "role", "unknown role '" + role + "': must be administrator, aide, guardian, parent, "
                            + "proctor, relative, student, teacher or an ext: role");
                    continue;
                }
                kind = kind(List.of(role));
            }
            if (kind == null) {
                skipped++;
                continue;
            }
            String given = CsvTable.value(row, cPreferred).isEmpty() ? CsvTable.value(row, cGiven) : CsvTable.value(row, cPreferred);
            String name = (given + " " + CsvTable.value(row, cFamily)).strip();
            if (name.isEmpty()) {
                problems.add(USERS, row.line(), "givenName", "no name: givenName and familyName are both empty");
            }
            String sisId = CsvTable.value(row, cIdentifier);
            if (sisId.isEmpty()) sisId = sisEntry(CsvTable.value(row, cUserIds), row.line(), problems);

            List<OrgRef> orgs = new ArrayList<>();
            for (String org : CsvTable.value(row, cOrgs).split(",")) {
                if (!org.isBlank()) orgs.add(new OrgRef(org.strip(), USERS, row.line(), "orgSourcedIds"));
            }
            String primaryOrg = CsvTable.value(row, cPrimaryOrg);
            if (!primaryOrg.isEmpty()) orgs.add(new OrgRef(primaryOrg, USERS, row.line(), "primaryOrgSourcedId"));
            if (roles != null) orgs.addAll(roles.get(id).orgs);
            orgs.addAll(enrolled.getOrDefault(id, List.of()));
            List<String> schools = schools(orgs, orgTypes, problems);

            Person old = current.person(id).orElse(null);
            if (old != null && !old.source().equals(FORMAT)) {
                problems.add(USERS, row.line(), "sourcedId", "'" + id + "' is already in the directory from " + old.source()
                        + ", not from the SIS: change that person's id or remove the row");
                continue;
            }
            if (!problems.isEmpty() || name.isEmpty()) continue; // keep checking rows, build nothing
            PersonStatus st = enabled.equals("false") || status.equals("tobedeleted") ? PersonStatus.SUSPENDED : PersonStatus.ACTIVE;
            Person p = new Person(id, name, kind, sisId, schools, st,
                    old == null ? null : old.validFrom(), old == null ? null : old.validUntil(),
                    old != null && old.lockdownEntry(), old == null ? null : old.pinHash(), FORMAT);
            wanted.add(new ImportDiff.Wanted(p, List.of()));
        }
        if (!problems.isEmpty()) return null;
        return ImportDiff.plan(current, FORMAT, FORMAT, request.fullSync(), wanted, skipped);
    }

    /** Staff when any role is a staff role, else student when one is, else null (not imported). */
    /**
     * A manifest that calls {@code users.csv} a delta file is a problem for a full sync: a delta names only
     * the users that changed, and a full sync would suspend everyone else.
     */
    private static void deltaUsers(byte[] manifest, ImportProblems problems) {
        CsvTable t = CsvTable.read(MANIFEST, manifest, problems);
        if (t == null || !t.require(problems, "propertyName", "value")) return;
        int name = t.column("propertyName"), value = t.column("value");
        for (CsvTable.Row row : t.rows) {
            if (CsvTable.value(row, name).equals("file.users") && CsvTable.value(row, value).equals("delta")) {
                problems.add(MANIFEST, row.line(), "value", "users.csv is a delta file (file.users=delta), not the whole roster: "
                        + "a full sync would suspend everyone it does not name; import it as partial (--partial, fullSync=false)");
            }
        }
    }

    private static PersonKind kind(List<String> roles) {
        if (roles.stream().anyMatch(STAFF_ROLES::contains)) return PersonKind.STAFF;
        if (roles.contains("student")) return PersonKind.STUDENT;
        return null;
    }

    /** The id of the {@code {SIS:id}} entry of a userIds field, null when there is none. */
    private static String sisEntry(String userIds, int line, ImportProblems problems) {
        if (userIds.isEmpty()) return null;
        String rest = USER_ID.matcher(userIds).replaceAll("").replace(",", "").strip();
        if (!rest.isEmpty()) {
            problems.add(USERS, line, "userIds", "userIds must be {type:id} pairs separated by commas, e.g. {SIS:100201}");
            return null;
        }
        Matcher m = USER_ID.matcher(userIds);
        while (m.find()) {
            if (m.group(1).strip().equalsIgnoreCase("SIS") && !m.group(2).isBlank()) return m.group(2).strip();
        }
        return null;
    }

    /** Sorted, without duplicates; with orgs.csv only schools, and an unknown org is a problem. */
    private static List<String> schools(List<OrgRef> orgs, Map<String, String> orgTypes, ImportProblems problems) {
        TreeSet<String> schools = new TreeSet<>();
        for (OrgRef o : orgs) {
            if (orgTypes == null) {
                schools.add(o.id());
                continue;
            }
            String type = orgTypes.get(o.id());
            if (type == null) {
                problems.add(o.file(), o.line(), o.column(), "org '" + o.id() + "' is not in orgs.csv");
            } else if (type.equals("school")) {
                schools.add(o.id());
            }
        }
        return List.copyOf(schools);
    }

    /** orgs.csv: org id to type ("" for an org being deleted: not a school, but known). */
    private static Map<String, String> orgs(byte[] bytes, ImportProblems problems) {
        CsvTable t = CsvTable.read(ORGS, bytes, problems);
        if (t == null || !t.require(problems, "sourcedId", "type")) return Map.of();
        int cId = t.column("sourcedId"), cType = t.column("type"), cStatus = t.column("status");
        Map<String, String> types = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (CsvTable.Row row : t.rows) {
            String id = CsvTable.value(row, cId), type = CsvTable.value(row, cType);
            if (id.isEmpty()) {
                problems.add(ORGS, row.line(), "sourcedId", "empty sourcedId");
                continue;
            }
            Integer first = lines.putIfAbsent(id, row.line());
            if (first != null) {
                problems.add(ORGS, row.line(), "sourcedId", "duplicate sourcedId '" + id + "' (first on line " + first + ")");
                continue;
            }
            if (!ORG_TYPES.contains(type) && !type.startsWith("ext:")) {
                problems.add(ORGS, row.line(), "type", "unknown org type '" + type
                        + "': must be department, school, district, local, state, national or an ext: type");
                continue;
            }
            types.put(id, CsvTable.value(row, cStatus).equals("tobedeleted") ? "" : type);
        }
        return types;
    }

    /** roles.csv (1.2): each user's roles and the orgs they hold them in. */
    private static Map<String, Roles> roles(byte[] bytes, ImportProblems problems) {
        CsvTable t = CsvTable.read(ROLES, bytes, problems);
        if (t == null || !t.require(problems, "userSourcedId", "roleType", "role", "orgSourcedId")) return null;
        int cUser = t.column("userSourcedId"), cType = t.column("roleType"), cRole = t.column("role");
        int cOrg = t.column("orgSourcedId"), cStatus = t.column("status");
        Map<String, Roles> byUser = new LinkedHashMap<>();
        for (CsvTable.Row row : t.rows) {
            if (CsvTable.value(row, cStatus).equals("tobedeleted")) continue;
            String user = CsvTable.value(row, cUser), type = CsvTable.value(row, cType), role = CsvTable.value(row, cRole);
            String org = CsvTable.value(row, cOrg);
            boolean ok = true;
            if (user.isEmpty()) {
                problems.add(ROLES, row.line(), "userSourcedId", "empty userSourcedId");
                ok = false;
            }
            if (!type.equals("primary") && !type.equals("secondary")) {
                problems.add(ROLES, row.line(), "roleType", "roleType '" + type + "' must be primary or secondary");
                ok = false;
            }
            if (!STAFF_ROLES.contains(role) && !OTHER_ROLES.contains(role) && !role.equals("student") && !role.startsWith("ext:")) {
                problems.add(ROLES, row.line(), "role", "unknown role '" + role + "': must be one of aide, counselor, "
                        + "districtAdministrator, guardian, parent, principal, proctor, relative, siteAdministrator, student, "
                        + "systemAdministrator, teacher or an ext: role");
                ok = false;
            }
            if (!ok) continue;
            Roles r = byUser.computeIfAbsent(user, k -> new Roles());
            (type.equals("primary") ? r.primary : r.secondary).add(role);
            if (!org.isEmpty()) r.orgs.add(new OrgRef(org, ROLES, row.line(), "orgSourcedId"));
        }
        return byUser;
    }

    /** enrollments.csv: each user's schools. */
    private static Map<String, List<OrgRef>> enrollments(byte[] bytes, ImportProblems problems) {
        CsvTable t = CsvTable.read(ENROLLMENTS, bytes, problems);
        if (t == null || !t.require(problems, "userSourcedId", "schoolSourcedId")) return Map.of();
        int cUser = t.column("userSourcedId"), cSchool = t.column("schoolSourcedId"), cStatus = t.column("status");
        Map<String, List<OrgRef>> byUser = new HashMap<>();
        Set<String> dup = new HashSet<>();
        for (CsvTable.Row row : t.rows) {
            if (CsvTable.value(row, cStatus).equals("tobedeleted")) continue;
            String user = CsvTable.value(row, cUser), school = CsvTable.value(row, cSchool);
            if (user.isEmpty() || school.isEmpty() || !dup.add(user + '\n' + school)) continue;
            byUser.computeIfAbsent(user, k -> new ArrayList<>()).add(new OrgRef(school, ENROLLMENTS, row.line(), "schoolSourcedId"));
        }
        return byUser;
    }
}
