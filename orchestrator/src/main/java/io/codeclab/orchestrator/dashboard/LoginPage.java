package io.codeclab.orchestrator.dashboard;

import io.javalin.http.Context;

/** The login form: the token in, a session cookie out; the form carries a CSRF value (double submit). */
final class LoginPage {

    private LoginPage() {
    }

    static void show(Context ctx, DashboardAccess access, boolean failed) {
        String csrf = access.startLogin(ctx);
        StaticAssets.secure(ctx);
        ctx.contentType("text/html; charset=utf-8").result("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>codec-lab: log in</title>
                <link rel="stylesheet" href="/assets/dashboard.css"></head>
                <body><main class="login">
                <h1>codec-lab dashboard</h1>
                <p>Running code needs the dashboard token (<code>CODEC_LAB_DASHBOARD_TOKEN</code>, or the file
                <code>dashboard-token</code> in the data directory when none is configured).</p>
                %s
                <form method="post" action="/login">
                <input type="hidden" name="%s" value="%s">
                <label>Token <input type="password" name="token" id="token" autocomplete="current-password"></label>
                <button type="submit" id="login">Log in</button>
                </form></main></body></html>
                """.formatted(failed ? "<p class=\"error\" id=\"login-error\">Wrong token, or the form expired: try again.</p>" : "",
                DashboardAccess.CSRF_FIELD, escape(csrf)));
    }

    static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
