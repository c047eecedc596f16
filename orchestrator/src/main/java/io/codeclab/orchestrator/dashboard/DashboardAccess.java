package io.codeclab.orchestrator.dashboard;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.SameSite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may run code or change state on the dashboard: a caller presenting the token, either in a header
 * ({@code Authorization: Bearer <token>} or {@value #TOKEN_HEADER}) or through a session cookie that the login
 * form hands out (HttpOnly, SameSite=Strict). A cookie alone is never enough for a state change: the request
 * must also carry the session's CSRF token in {@value #CSRF_HEADER} (or the form field {@value #CSRF_FIELD}),
 * which only a page of this origin can read, and an {@code Origin} header, when sent, must be this server's.
 */
public final class DashboardAccess {

    public static final String TOKEN_HEADER = "X-Codec-Lab-Token";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "csrf";
    public static final String SESSION_COOKIE = "codec_lab_session";
    static final String LOGIN_CSRF_COOKIE = "codec_lab_login";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 1000;

    private final byte[] token;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private record Session(String csrf, Instant expires) {
    }

    /** What a request proved: nothing, the token in a header, or a live session (with its CSRF token). */
    sealed interface Caller {
        record Anonymous() implements Caller {
        }

        record TokenHolder() implements Caller {
        }

        record SessionHolder(String csrf) implements Caller {
        }
    }

    public DashboardAccess(String token, Clock clock) {
        Objects.requireNonNull(token, "token");
        if (token.length() < 16) {
            throw new IllegalArgumentException("the dashboard token must have at least 16 characters, had " + token.length());
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** A fresh random token (32 hex digits of entropy each side), for when none is configured. */
    public static String randomToken() {
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    boolean tokenMatches(String presented) {
        return presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    Caller caller(Context ctx) {
        var header = Optional.ofNullable(ctx.header(TOKEN_HEADER)).or(() -> bearer(ctx.header("Authorization")));
        if (header.isPresent()) {
            return tokenMatches(header.get()) ? new Caller.TokenHolder() : new Caller.Anonymous();
        }
        var id = ctx.cookie(SESSION_COOKIE);
        if (id != null) {
            var session = sessions.get(id);
            if (session != null && session.expires().isAfter(clock.instant())) {
                return new Caller.SessionHolder(session.csrf());
            }
        }
        return new Caller.Anonymous();
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim());
        }
        return Optional.empty();
    }

    /**
     * {@code handler} for callers with the token only: 401 without it (or with a wrong one), 403 for a session
     * request without its CSRF token or from another origin.
     */
    public Handler guarded(Handler handler) {
        return ctx -> {
            var caller = caller(ctx);
            if (caller instanceof Caller.Anonymous) {
                ctx.status(401).contentType("application/json").result(
                        "{\"error\":\"this needs the dashboard token: log in at /login, or send it as "
                                + "'Authorization: Bearer <token>' (CODEC_LAB_DASHBOARD_TOKEN)\"}");
                return;
            }
            if (caller instanceof Caller.SessionHolder s) {
                // A cookie rides along with any request to this host: the CSRF token proves a page of ours sent it.
                String presented = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElse("");
                if (!sameOrigin(ctx) || !MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8))) {
                    ctx.status(403).contentType("application/json").result(
                            "{\"error\":\"missing or wrong CSRF token, or another origin: reload the page\"}");
                    return;
                }
            }
            // A token in a header cannot be attached by another site's form: no CSRF check needed.
            handler.handle(ctx);
        };
    }

    /** True unless the request names an Origin (or, lacking one, a Referer) that is not this server. */
    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            origin = ctx.header("Referer");
        }
        if (origin == null) {
            return true;
        }
        try {
            var uri = URI.create(origin);
            String host = ctx.header("Host");
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A login form's CSRF value, also set as a short-lived cookie (double submit). */
    String startLogin(Context ctx) {
        String value = randomHex();
        ctx.cookie(new Cookie(LOGIN_CSRF_COOKIE, value, "/login", 600, false, true, null, SameSite.STRICT));
        return value;
    }

    /** Checks the login form; on success sets the session cookie and returns true. */
    boolean login(Context ctx) {
        String expected = ctx.cookie(LOGIN_CSRF_COOKIE);
        String presented = ctx.formParam(CSRF_FIELD);
        if (expected == null || presented == null || !sameOrigin(ctx)
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        if (!tokenMatches(ctx.formParam("token"))) {
            return false;
        }
        var now = clock.instant();
        sessions.values().removeIf(s -> !s.expires().isAfter(now));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.clear();
        }
        String id = randomHex();
        sessions.put(id, new Session(randomHex(), now.plus(SESSION_LIFETIME)));
        ctx.cookie(new Cookie(SESSION_COOKIE, id, "/", (int) SESSION_LIFETIME.toSeconds(), false, true, null,
                SameSite.STRICT));
        ctx.removeCookie(LOGIN_CSRF_COOKIE, "/login");
        return true;
    }

    void logout(Context ctx) {
        var id = ctx.cookie(SESSION_COOKIE);
        if (id != null) {
            sessions.remove(id);
        }
        ctx.removeCookie(SESSION_COOKIE, "/");
    }

    private String randomHex() {
        var bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
