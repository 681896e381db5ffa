package dev.waiter.benchmarks;

import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The best JVM peer: a hand-written Netty 4.2 server doing the same work, on epoll when
 * the native transport loads (NIO otherwise). Arguments: port, {@code demo|echo|frames}, and
 * optionally {@code reuse-port}: SO_REUSEPORT on the listen socket
 * ({@code EpollChannelOption.SO_REUSEPORT}, or the JDK's option under NIO) and a backlog of 4096,
 * so several processes share one port, as waiter's {@code waiter.reuse-port=true} instances do.
 */
public final class NettyServer {

	private NettyServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = Workload.port(args, 0);
		boolean echo = "echo".equals(args[1]);
		boolean frames = "frames".equals(args[1]);
		boolean reusePort = args.length > 2 && "reuse-port".equals(args[2]);
		ByteBuf reply = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(Workload.DEMO_REPLY));
		serve("netty", port, reusePort, (pipeline) -> {
			if (echo) {
				pipeline.addLast(new LineBasedFrameDecoder(8192, false, false), new EchoHandler());
			}
			else if (frames) {
				pipeline.addLast(new LengthFieldBasedFrameDecoder(64 * 1024, 0, 4), new FrameEchoHandler());
			}
			else {
				pipeline.addLast(new DelimiterBasedFrameDecoder(16 * 1024,
						Unpooled.wrappedBuffer("\r\n\r\n".getBytes(StandardCharsets.US_ASCII))), new DemoHandler(reply));
			}
		});
	}

	/**
	 * The bootstrap every Netty peer shares: epoll when the native transport loads (NIO
	 * otherwise), one boss thread, a worker per core, backlog 1024, TCP_NODELAY; binds to
	 * loopback and serves until the process ends.
	 * @param name what the start-up line calls the server
	 * @param port the port
	 * @param pipeline fills each new connection's pipeline
	 * @throws InterruptedException if interrupted while serving
	 */
	static void serve(String name, int port, Consumer<ChannelPipeline> pipeline) throws InterruptedException {
		serve(name, port, false, pipeline);
	}

	/**
	 * The shared bootstrap, with SO_REUSEPORT and a backlog of 4096 when {@code reusePort}.
	 * @param name what the start-up line calls the server
	 * @param port the port
	 * @param reusePort whether other processes may bind the same port
	 * @param pipeline fills each new connection's pipeline
	 * @throws InterruptedException if interrupted while serving
	 */
	static void serve(String name, int port, boolean reusePort, Consumer<ChannelPipeline> pipeline)
			throws InterruptedException {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
		ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(channel);
		if (reusePort && epoll) {
			bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
		}
		else if (reusePort) {
			bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
		}
		Channel server = bootstrap.option(ChannelOption.SO_BACKLOG, reusePort ? 4096 : 1024)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					pipeline.accept(ch.pipeline());
				}
			})
			.bind(InetAddress.getLoopbackAddress(), port)
			.sync()
			.channel();
		System.out.println(name + " (" + (epoll ? "epoll" : "nio") + (reusePort ? ", reuse-port" : "")
				+ ") listening on " + port);
		server.closeFuture().sync();
	}

	private static final class EchoHandler extends SimpleChannelInboundHandler<ByteBuf> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
			ctx.writeAndFlush(line.retain());
		}

	}

	/**
	 * Answers each length-prefixed frame (header kept) with itself; flushes once per read
	 * batch, as waiter's frame API does.
	 */
	private static final class FrameEchoHandler extends SimpleChannelInboundHandler<ByteBuf> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
			ctx.write(frame.retain());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

	private static final class DemoHandler extends SimpleChannelInboundHandler<ByteBuf> {

		private final ByteBuf reply;

		DemoHandler(ByteBuf reply) {
			this.reply = reply;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf head) {
			ctx.writeAndFlush(this.reply.duplicate()).addListener(ChannelFutureListener.CLOSE);
		}

	}

}
