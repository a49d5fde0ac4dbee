package dev.haingestor.ingestion.ha;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * Notices a message from HA larger than {@code HA_MAX_FRAME_SIZE}. Netty's WebSocket decoder
 * refuses such a frame, answers with a close frame "message too big" (1009) and closes the
 * connection itself, before anything downstream hears why: without this the close looks like one by
 * HA, and nothing tells the user which setting to raise. One per connection, in front of the
 * decoder, where the decoder's close frame passes.
 */
final class FrameLimitWatcher extends ChannelOutboundHandlerAdapter {

  static final String NAME = "ha-ingestor.frame-limit";

  /** Netty's name for the WebSocket frame decoder in the pipeline. */
  private static final String DECODER = "ws-decoder";

  private volatile boolean exceeded;

  /**
   * Puts the watcher in front of the pipeline's WebSocket decoder.
   *
   * @return whether the pipeline has that decoder (if not, the watcher cannot notice anything)
   */
  boolean watch(ChannelPipeline pipeline) {
    if (pipeline.context(DECODER) == null) {
      return false;
    }
    pipeline.addBefore(DECODER, NAME, this);
    return true;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof CloseWebSocketFrame close
        && close.statusCode() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
      exceeded = true;
    }
    ctx.write(msg, promise);
  }

  /**
   * Whether a message larger than the limit ended the connection.
   *
   * @param cause what ended it; a message split into frames is refused by the frame aggregator,
   *     which fails the connection with a {@link TooLongFrameException} instead
   */
  boolean exceeded(Throwable cause) {
    return exceeded || cause instanceof TooLongFrameException;
  }
}
