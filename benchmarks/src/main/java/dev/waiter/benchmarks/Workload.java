package dev.waiter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The work every benchmark server does, in plain blocking form: the demo (read the request
 * head, write the Net::Waiter reply, close) and the echo (one line back per line).
 */
final class Workload {

	static final byte[] DEMO_REPLY = ("HTTP/1.0 200 OK\r\n" + "content-type: text/plain\r\n" + "content-length: 12\r\n"
			+ "\r\n" + "hello world\n")
		.getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_HEAD = 16 * 1024;

	private Workload() {
	}

	/** Reads up to the blank line that ends a request head, or the end of the stream. */
	static void skipHead(InputStream in) throws IOException {
		int state = 0;
		for (int read = 0; read < MAX_HEAD; read++) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			if (b == '\n') {
				if (state == 1) {
					return;
				}
				state = 1;
			}
			else if (b != '\r') {
				state = 0;
			}
		}
	}

	static void demo(InputStream in, OutputStream out) throws IOException {
		skipHead(in);
		out.write(DEMO_REPLY);
		out.flush();
	}

	/** Echoes lines until the client closes. */
	static void echo(InputStream in, OutputStream out) throws IOException {
		byte[] line = new byte[8192];
		int length = 0;
		int b;
		while ((b = in.read()) >= 0) {
			if (length == line.length) {
				return;
			}
			line[length++] = (byte) b;
			if (b == '\n') {
				out.write(line, 0, length);
				out.flush();
				length = 0;
			}
		}
	}

	static int port(String[] args, int index) {
		return Integer.parseInt(args[index]);
	}

}
