package io.warden.gateway.auth;

/**
 * Who is asking: the name of the token's holder (as configured, e.g. "front-office") and its role.
 * The gateway's own actions (schedules, re-asserted lockdowns) use {@link #SYSTEM}.
 */
public record Principal(String name, Role role) {
    public static final Principal SYSTEM = new Principal("system", Role.ADMIN);

    public boolean allows(Role.Permission p) {
        return role.allows(p);
    }
}
