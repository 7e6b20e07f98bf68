package io.monitoring.testapp.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.prometheus.metrics.core.metrics.Counter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.ByteBuddy;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * {@code /hello}: uses the app's own Prometheus counter, OpenTelemetry SDK, Byte Buddy class and ASM
 * (the agent weaves with its own, relocated copy), and reports what it saw.
 */
public class HelloServlet extends HttpServlet {

    private static final String BYTE_BUDDY_POM_PROPERTIES = "META-INF/maven/net.bytebuddy/byte-buddy/pom.properties";

    private final transient Counter helloCounter;
    private final transient InMemorySpanExporter spanExporter;
    private final Class<?> generatedClass;
    private final String byteBuddyVersion;

    HelloServlet(Counter helloCounter, InMemorySpanExporter spanExporter, Class<?> generatedClass) {
        this.helloCounter = helloCounter;
        this.spanExporter = spanExporter;
        this.generatedClass = generatedClass;
        this.byteBuddyVersion = version(ByteBuddy.class, BYTE_BUDDY_POM_PROPERTIES);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        helloCounter.inc();

        Span span = GlobalOpenTelemetry.getTracer("io.monitoring.testapp.isolation").spanBuilder("hello-work").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("isolation.app", true);
        } finally {
            span.end();
        }

        String generated;
        try {
            generated = String.valueOf(generatedClass.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the Byte Buddy generated class", e);
        }

        String body = "hello bytebuddy=" + generated
                + " bytebuddyVersion=" + byteBuddyVersion
                + " asm=" + classNameReadByAsm()
                + " asmKnowsUpTo=" + newestClassFileVersionKnownToAsm()
                + " spans=" + spanExporter.getFinishedSpanItems().size()
                + " otelTracerProvider=" + GlobalOpenTelemetry.getTracerProvider().getClass().getName();

        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(body);
    }

    /** This class's own name, as the app's ASM reads it from the class file. */
    private static String classNameReadByAsm() throws IOException {
        try (InputStream in = HelloServlet.class.getResourceAsStream("HelloServlet.class")) {
            return new ClassReader(in).getClassName();
        }
    }

    /**
     * Which ASM the app loaded, told by the newest class file version its {@code Opcodes} names (ASM's jar carries
     * no pom.properties, and the shaded app jar no manifest of ASM's): the app's 9.5 stops at Java 21.
     */
    private static String newestClassFileVersionKnownToAsm() {
        int newest = 0;
        for (Field field : Opcodes.class.getFields()) {
            if (field.getName().matches("V\\d+")) {
                newest = Math.max(newest, Integer.parseInt(field.getName().substring(1)));
            }
        }
        return "Java " + newest;
    }

    /**
     * The version of the library that this app actually loaded: the package's Implementation-Version
     * if there is one (there is none once the app is shaded into one jar), else the Maven
     * pom.properties read from the very jar (code source) that defined {@code anchor}, so that
     * another copy elsewhere on the class path (e.g. an agent jar) cannot answer instead.
     */
    static String version(Class<?> anchor, String pomProperties) {
        Package pkg = anchor.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        if (version == null) {
            version = versionFromCodeSource(anchor, pomProperties);
        }
        if (version == null) {
            version = versionFromClassLoader(anchor, pomProperties);
        }
        return version == null ? "unknown" : version;
    }

    private static String versionFromCodeSource(Class<?> anchor, String pomProperties) {
        try {
            CodeSource codeSource = anchor.getProtectionDomain().getCodeSource();
            if (codeSource == null || codeSource.getLocation() == null) {
                return null;
            }
            Path location = Path.of(codeSource.getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path file = location.resolve(pomProperties);
                if (!Files.isRegularFile(file)) {
                    return null;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return versionProperty(in);
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                ZipEntry entry = jar.getEntry(pomProperties);
                if (entry == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return versionProperty(in);
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String versionFromClassLoader(Class<?> anchor, String pomProperties) {
        ClassLoader loader = anchor.getClassLoader();
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(pomProperties)) {
            return in == null ? null : versionProperty(in);
        } catch (IOException e) {
            return null;
        }
    }

    private static String versionProperty(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version");
    }
}
