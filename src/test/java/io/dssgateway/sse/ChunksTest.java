package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void aFramedChunkIsHexSizeCrlfBytesCrlf() {
    ByteBuf chunk = Chunks.frame(Buffer.buffer("id: 7\n"), Buffer.buffer("data: x\n\n"));
    try {
      assertThat(chunk.toString(StandardCharsets.US_ASCII))
          .isEqualTo("f\r\nid: 7\ndata: x\n\n\r\n");
    } finally {
      chunk.release();
    }
  }

  @Test
  void theHeadLengthFollowsFromTheFramedLengthAtEveryDigitBoundary() {
    for (int size :
        new int[] {
          1, 15, 16, 255, 256, 4095, 4096, 65535, 65536, 1 << 20, (1 << 24) - 1, 1 << 24
        }) {
      int head = Integer.toHexString(size).length() + 2;
      assertThat(Chunks.headLength(head + size + 2)).as("size %d", size).isEqualTo(head);
    }
  }
}
