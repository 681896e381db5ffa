package dev.waiter.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;

/**
 * The Netty peer of the RESP example: netty-codec-redis (decoder with inline commands,
 * bulk and array aggregators, encoder) and a handler with the same PING/ECHO/SET/GET over
 * a concurrent map. Replies are written per command and flushed once per read batch
 * ({@code channelReadComplete}), Netty's usual way to answer pipelined requests. Epoll
 * when the native transport loads. Argument: port.
 */
public final class NettyRespServer {

	private NettyRespServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		Map<ByteBuffer, byte[]> store = new ConcurrentHashMap<>();
		NettyServer.serve("netty resp", Workload.port(args, 0),
				(pipeline) -> pipeline.addLast(new RedisDecoder(true), new RedisBulkStringAggregator(),
						new RedisArrayAggregator(), new RedisEncoder(), new CommandHandler(store)));
	}

	private static final class CommandHandler extends SimpleChannelInboundHandler<RedisMessage> {

		private static final SimpleStringRedisMessage PONG = new SimpleStringRedisMessage("PONG");

		private static final SimpleStringRedisMessage OK = new SimpleStringRedisMessage("OK");

		private final Map<ByteBuffer, byte[]> store;

		CommandHandler(Map<ByteBuffer, byte[]> store) {
			this.store = store;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, RedisMessage message) {
			List<RedisMessage> args;
			if (message instanceof InlineCommandRedisMessage inline) {
				args = java.util.Arrays.stream(inline.content().trim().split("\\s+"))
					.<RedisMessage>map(SimpleStringRedisMessage::new)
					.toList();
			}
			else if (message instanceof ArrayRedisMessage array && !array.children().isEmpty()) {
				args = array.children();
			}
			else {
				ctx.write(new ErrorRedisMessage("ERR Protocol error"));
				return;
			}
			String name = text(args.get(0)).toUpperCase(Locale.ROOT);
			switch (name) {
				case "PING" -> ctx.write((args.size() == 1) ? PONG : bulk(bytes(args.get(1))));
				case "ECHO" -> ctx.write(bulk(bytes(args.get(1))));
				case "SET" -> {
					this.store.put(ByteBuffer.wrap(bytes(args.get(1))), bytes(args.get(2)));
					ctx.write(OK);
				}
				case "GET" -> {
					byte[] value = this.store.get(ByteBuffer.wrap(bytes(args.get(1))));
					ctx.write((value != null) ? bulk(value) : FullBulkStringRedisMessage.NULL_INSTANCE);
				}
				default -> ctx.write(new ErrorRedisMessage("ERR unknown command '" + name.toLowerCase(Locale.ROOT) + "'"));
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		private static byte[] bytes(RedisMessage message) {
			if (message instanceof SimpleStringRedisMessage simple) {
				return simple.content().getBytes(StandardCharsets.UTF_8);
			}
			ByteBuf content = ((FullBulkStringRedisMessage) message).content();
			return ByteBufUtil.getBytes(content);
		}

		private static String text(RedisMessage message) {
			if (message instanceof SimpleStringRedisMessage simple) {
				return simple.content();
			}
			return new String(bytes(message), StandardCharsets.US_ASCII);
		}

		private static FullBulkStringRedisMessage bulk(byte[] value) {
			return new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(value));
		}

	}

}
