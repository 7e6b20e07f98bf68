package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.monitoring.it.support.Artifacts;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the built agent jar holds, class file by class file: the libraries inside it (the OpenTelemetry SDK and
 * exporter, the Prometheus server, protobuf) log through the agent's stand-in for {@code java.util.logging}, so
 * the agent never initialises the JVM's logging (ApplicationLogManagerIT shows why that matters), and every member
 * they call on the stand-in exists, so a library upgrade that logs through a new method fails here, not as a
 * {@code NoSuchMethodError} on the export thread.
 */
class AgentJarIT {
    private static final String STAND_IN = "io/monitoring/agent/logging/";
    private static final Map<String, byte[]> CLASSES = new HashMap<>();

    @BeforeAll
    static void readTheJar() throws IOException {
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") || name.endsWith(".classdata")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        CLASSES.put(name, in.readAllBytes());
                    }
                }
            }
        }
        assertFalse(CLASSES.isEmpty());
    }

    @Test
    void theBootstrapClassIndexListsExactlyTheBootstrapClasses() throws IOException {
        Set<String> listed = new TreeSet<>();
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile());
             InputStream in = jar.getInputStream(jar.getJarEntry("META-INF/monitoring-agent/bootstrap-classes"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isEmpty()) {
                    listed.add(line);
                }
            }
        }
        Set<String> inJar = new TreeSet<>();
        for (String name : CLASSES.keySet()) {
            if (name.startsWith("io/monitoring/agent/bootstrap/") && name.endsWith(".class")) {
                inJar.add(name);
            }
        }
        assertFalse(inJar.isEmpty());
        assertEquals(inJar, listed, "premain defines in the boot loader exactly what the index lists");
    }

    @Test
    void noClassInTheJarReferencesJavaUtilLogging() {
        Set<String> referencing = new TreeSet<>();
        CLASSES.forEach((name, bytes) -> {
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains("java/util/logging")) {
                referencing.add(name);
            }
        });
        assertEquals(Set.of(), referencing);
    }

    @Test
    void everyLoggerMemberTheLibrariesCallExistsOnTheStandIn() throws Exception {
        Set<String> referenced = new TreeSet<>();
        for (byte[] bytes : CLASSES.values()) {
            for (String member : memberReferences(bytes)) {
                if (member.startsWith(STAND_IN)) {
                    referenced.add(member);
                }
            }
        }
        Set<String> declared = new TreeSet<>();
        for (String standIn : List.of("Logger", "Level")) {
            byte[] bytes = CLASSES.get("inst/" + STAND_IN + standIn + ".classdata");
            declared.addAll(declaredMembers(bytes, STAND_IN + standIn));
        }
        Set<String> missing = new TreeSet<>(referenced);
        missing.removeAll(declared);
        assertEquals(Set.of(), missing, "referenced: " + referenced);
        assertFalse(referenced.isEmpty(), "the libraries log through the stand-in");
    }

    /** {@code owner.name:descriptor} of every field and method reference in a class file's constant pool. */
    private static List<String> memberReferences(byte[] classFile) throws IOException {
        ConstantPool pool = ConstantPool.read(new DataInputStream(new ByteArrayInputStream(classFile)));
        List<String> members = new ArrayList<>();
        for (int i = 1; i < pool.tags.length; i++) {
            if (pool.tags[i] == 9 || pool.tags[i] == 10 || pool.tags[i] == 11) { // Fieldref, Methodref, InterfaceMethodref
                String owner = pool.utf8(pool.refs[pool.refs[i][0]][0]);
                int[] nameAndType = pool.refs[pool.refs[i][1]];
                members.add(owner + "." + pool.utf8(nameAndType[0]) + ":" + pool.utf8(nameAndType[1]));
            }
        }
        return members;
    }

    /** {@code owner.name:descriptor} of every field and method a class file declares. */
    private static List<String> declaredMembers(byte[] classFile, String owner) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        ConstantPool pool = ConstantPool.read(in);
        in.skipBytes(6); // access flags, this class, super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        List<String> members = new ArrayList<>();
        for (int kind = 0; kind < 2; kind++) { // fields, then methods
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                in.skipBytes(2);
                members.add(owner + "." + pool.utf8(in.readUnsignedShort()) + ":" + pool.utf8(in.readUnsignedShort()));
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    in.skipBytes(2);
                    in.skipBytes(in.readInt());
                }
            }
        }
        return members;
    }

    /** The part of a class file's constant pool these checks need: tags, UTF-8 strings and index pairs. */
    private static final class ConstantPool {
        final int[] tags;
        final String[] strings;
        final int[][] refs;

        private ConstantPool(int size) {
            tags = new int[size];
            strings = new String[size];
            refs = new int[size][];
        }

        static ConstantPool read(DataInputStream in) throws IOException {
            in.skipBytes(8); // magic, minor, major
            ConstantPool pool = new ConstantPool(in.readUnsignedShort());
            for (int i = 1; i < pool.tags.length; i++) {
                int tag = in.readUnsignedByte();
                pool.tags[i] = tag;
                switch (tag) {
                    case 1 -> pool.strings[i] = in.readUTF();
                    case 7, 8, 16, 19, 20 -> pool.refs[i] = new int[] {in.readUnsignedShort()};
                    case 9, 10, 11, 12, 17, 18 -> pool.refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 3, 4 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // a long or double takes two entries
                    }
                    case 15 -> in.skipBytes(3);
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            return pool;
        }

        String utf8(int index) {
            return strings[index];
        }
    }
}
