package org.hearthgate.alerts.lifecycle;

/** Short, fixed-locale texts for summaries: the wire allows 200 characters and a dot is always a decimal point. */
public final class Text {
    public static final int MAX = 200;

    private Text() {
    }

    public static String fit(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }

    /** A number as people write it: no trailing ".0", at most one decimal. */
    public static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        long tenths = Math.round(d * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return tenths % 10 == 0 ? sign + tenths / 10 : sign + tenths / 10 + "." + tenths % 10;
    }

    public static String duration(java.time.Duration d) {
        long s = d.toSeconds();
        if (s >= 3600 && s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s >= 60 && s % 60 == 0) {
            return s / 60 + " min";
        }
        if (s >= 60) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s + " s";
    }
}
