package io.monitoring.testapp.launcher;

/**
 * What the integration tests expect of every test app's process: the port to serve on as {@code --port N} or
 * {@code --port=N} on the command line (0: any free port), and one line {@code READY port=<bound port>} on stdout
 * once the app serves.
 */
public final class LaunchProtocol {

    private LaunchProtocol() {
    }

    /** The value of {@code --port}. */
    public static int port(String[] args) {
        return intArg(args, "--port", "usage: --port N");
    }

    /** The value of {@code name N} or {@code name=N}; without it, an IllegalArgumentException saying {@code usage}. */
    public static int intArg(String[] args, String name, String usage) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(name) && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException(usage);
    }

    /** Flushed at once: the tests read the line while the app keeps running. */
    public static void announceReady(int port) {
        System.out.println("READY port=" + port);
        System.out.flush();
    }
}
