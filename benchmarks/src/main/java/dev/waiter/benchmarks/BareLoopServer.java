package dev.waiter.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadFactory;

import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * The practical limit of this workload on the JVM: a bare {@code ServerSocket} accept loop
 * with a thread per connection and nothing else, as lean as waiter: one 1 KiB input buffer
 * per connection, replies written straight to the socket (no output buffer), nothing
 * allocated per request. Arguments: port, {@code demo|echo}, {@code virtual|platform}.
 */
public final class BareLoopServer {

	private BareLoopServer() {
	}

	public static void main(String[] args) throws IOException {
		int port = Workload.port(args, 0);
		boolean echo = "echo".equals(args[1]);
		ThreadFactory threads = "virtual".equals(args[2]) ? new VirtualThreadTaskExecutor("bare-").getVirtualThreadFactory()
				: Thread::new;
		try (ServerSocket listen = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
			System.out.println("bare loop listening on " + listen.getLocalPort());
			while (true) {
				Socket socket = listen.accept();
				threads.newThread(() -> serve(socket, echo)).start();
			}
		}
	}

	private static void serve(Socket socket, boolean echo) {
		try (socket) {
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			if (echo) {
				Workload.echoLean(socket.getInputStream(), out);
			}
			else {
				Workload.demo(new BufferedInputStream(socket.getInputStream(), Workload.LEAN_BUFFER), out);
			}
		}
		catch (IOException ex) {
			// a client that went away
		}
	}

}
