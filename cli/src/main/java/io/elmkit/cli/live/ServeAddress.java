package io.elmkit.cli.live;

/** {@code --serve}'s value: PORT, HOST:PORT or [IPv6]:PORT; the host defaults to 127.0.0.1 (this machine only). */
public record ServeAddress(String host, int port) {
    /** The host served when none is named: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Parses {@code PORT} or {@code HOST:PORT} as {@code --serve} takes it. */
    public static ServeAddress parse(String spec) {
        String s = spec.trim();
        String host = LOOPBACK;
        String port = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = LOOPBACK;
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("--serve: expected PORT or HOST:PORT with a port in 0..65535 (0: a free"
                + " one), found '" + spec + "'");
        }
        return new ServeAddress(host, p);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
