package dev.waiter.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
 * with a thread per connection and nothing else. Arguments: port, {@code demo|echo},
 * {@code virtual|platform}.
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
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = new BufferedOutputStream(socket.getOutputStream());
			if (echo) {
				Workload.echo(in, out);
			}
			else {
				Workload.demo(in, out);
			}
		}
		catch (IOException ex) {
			// a client that went away
		}
	}

}
