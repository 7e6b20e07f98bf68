package io.monitoring.bench.overhead;

/**
 * Counts the spans in an OTLP {@code ExportTraceServiceRequest} (protobuf) without a protobuf library:
 * {@code resource_spans} (field 1) → {@code scope_spans} (field 2) → {@code spans} (field 2), every other field
 * skipped by its wire type.
 */
final class OtlpSpans {

    private OtlpSpans() {
    }

    static long count(byte[] request) {
        long n = 0;
        for (Field rs : fields(request, 0, request.length)) {
            if (rs.number == 1 && rs.wireType == 2) {
                for (Field ss : fields(request, rs.start, rs.end)) {
                    if (ss.number == 2 && ss.wireType == 2) {
                        for (Field span : fields(request, ss.start, ss.end)) {
                            if (span.number == 2 && span.wireType == 2) {
                                n++;
                            }
                        }
                    }
                }
            }
        }
        return n;
    }

    private record Field(int number, int wireType, int start, int end) {
    }

    /** The fields of the message in {@code b[from, to)}; length-delimited ones carry their payload's bounds. */
    private static java.util.List<Field> fields(byte[] b, int from, int to) {
        java.util.List<Field> out = new java.util.ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = varint(b, pos, to);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> varint(b, pos, to);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    long len = varint(b, pos, to);
                    int start = pos[0];
                    if (len < 0 || start + len > to) {
                        throw new IllegalArgumentException("truncated field " + number);
                    }
                    pos[0] = (int) (start + len);
                    out.add(new Field(number, 2, start, pos[0]));
                }
                default -> throw new IllegalArgumentException("wire type " + wireType);
            }
            if (pos[0] > to) {
                throw new IllegalArgumentException("truncated message");
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos, int to) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte x = b[pos[0]++];
            value |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
