package io.monitoring.agent.instrumentation;

import java.nio.charset.StandardCharsets;

/**
 * Decides from a class file's bytes, before anything is parsed by the weaver, whether the class may
 * implement an interface whose implementations cannot be listed by name (every JDBC driver's
 * statements and connections). A class that declares or calls one of {@code memberNames} has that
 * name in its constant pool; one that implements a method of {@code marker}'s package mentions it
 * in some descriptor. Only the few classes with both go on to the weaver's exact hierarchy check.
 * Walking a constant pool costs well under a microsecond; the marker search runs on candidates only.
 */
final class ConstantPoolFilter {
  private final byte[][] memberNames;
  private final long lengthMask;
  private final byte[] marker;

  ConstantPoolFilter(String[] memberNames, String marker) {
    this.memberNames = new byte[memberNames.length][];
    long mask = 0;
    for (int i = 0; i < memberNames.length; i++) {
      this.memberNames[i] = memberNames[i].getBytes(StandardCharsets.UTF_8);
      if (memberNames[i].length() >= 64) {
        throw new IllegalArgumentException("member name too long: " + memberNames[i]);
      }
      mask |= 1L << memberNames[i].length();
    }
    this.lengthMask = mask;
    this.marker = marker.getBytes(StandardCharsets.UTF_8);
  }

  /** True when the class names one of the members and mentions the marker; true as well when the bytes are not understood. */
  boolean matches(byte[] b) {
    if (b == null || b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE) {
      return false;
    }
    int count = u2(b, 8);
    int pos = 10;
    boolean member = false;
    int markerFrom = -1;
    try {
      for (int i = 1; i < count; i++) {
        int tag = b[pos];
        switch (tag) {
          case 1: // Utf8
            int len = u2(b, pos + 1);
            if (!member && len < 64 && (lengthMask & (1L << len)) != 0 && isMemberName(b, pos + 3, len)) {
              member = true;
            }
            if (markerFrom < 0) {
              markerFrom = pos;
            }
            pos += 3 + len;
            break;
          case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
            pos += 5;
            break;
          case 5: case 6: // Long, Double take two slots
            pos += 9;
            i++;
            break;
          case 7: case 8: case 16: case 19: case 20:
            pos += 3;
            break;
          case 15:
            pos += 4;
            break;
          default:
            return true; // a constant this JDK's class files may have and we do not know: let the weaver look
        }
      }
    } catch (ArrayIndexOutOfBoundsException malformed) {
      return false; // the JVM will reject the class itself
    }
    return member && markerFrom >= 0 && contains(b, markerFrom, pos, marker);
  }

  private boolean isMemberName(byte[] b, int from, int len) {
    for (byte[] name : memberNames) {
      if (name.length == len && regionEquals(b, from, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] b, int from, int to, byte[] needle) {
    byte first = needle[0];
    for (int i = from, last = to - needle.length; i <= last; i++) {
      if (b[i] == first && regionEquals(b, i, needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean regionEquals(byte[] b, int from, byte[] other) {
    for (int j = 0; j < other.length; j++) {
      if (b[from + j] != other[j]) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
