package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientBatchesTest {
    /** A batch as ClientBatches writes it: each record's int32 length (little-endian), then its bytes. */
    private static byte[] batchOf(byte[]... records) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(records).mapToInt(r -> 4 + r.length).sum())
            .order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] r : records) {
            b.putInt(r.length).put(r);
        }
        return b.array();
    }

    @Test
    void aBatchSplitsIntoItsRecordsInOrder() {
        byte[] a = StepOutputBytes.encode(new StepOutput(1, 5, 1, new float[] {1f, 2f}, new int[] {0}));
        byte[] end = StepOutputBytes.encode(StepOutput.end(1, 6));
        byte[][] back = ClientBatches.split(batchOf(a, new byte[0], end));
        assertEquals(3, back.length);
        assertArrayEquals(a, back[0]);
        assertArrayEquals(new byte[0], back[1]);
        assertArrayEquals(end, back[2]);
        assertEquals(0, ClientBatches.split(new byte[0]).length);
    }

    @Test
    void aCutOrOverlongBatchIsAnErrorNamingTheByte() {
        byte[] batch = batchOf(new byte[] {1, 2, 3}, new byte[] {4});
        IllegalStateException cut = assertThrows(IllegalStateException.class,
            () -> ClientBatches.split(Arrays.copyOf(batch, batch.length - 1)));
        assertEquals("job output batch of 11 bytes: record at byte 7 says 1 bytes, 0 follow", cut.getMessage());
        IllegalStateException length = assertThrows(IllegalStateException.class,
            () -> ClientBatches.split(Arrays.copyOf(batch, 9)));
        assertEquals("job output batch of 9 bytes: a record length at byte 7 is cut", length.getMessage());
    }
}
