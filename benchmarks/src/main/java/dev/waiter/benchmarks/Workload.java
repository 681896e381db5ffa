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

	/** The bare loop's one input buffer per connection. */
	static final int LEAN_BUFFER = 1024;

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

	/**
	 * Echoes lines until the client closes with one 1 KiB buffer and no other per-request
	 * work: each read's complete lines go back in one write, as waiter's flush before a
	 * blocking read does; a line longer than the buffer ends the connection.
	 */
	static void echoLean(InputStream in, OutputStream out) throws IOException {
		byte[] buffer = new byte[LEAN_BUFFER];
		int start = 0;
		int end = 0;
		while (true) {
			int n = in.read(buffer, end, buffer.length - end);
			if (n < 0) {
				return;
			}
			int scanFrom = end;
			end += n;
			int last = -1;
			for (int i = end - 1; i >= scanFrom; i--) {
				if (buffer[i] == '\n') {
					last = i;
					break;
				}
			}
			if (last >= 0) {
				out.write(buffer, start, last + 1 - start);
				start = last + 1;
			}
			if (start == end) {
				start = 0;
				end = 0;
			}
			else if (end == buffer.length) {
				if (start == 0) {
					return;
				}
				System.arraycopy(buffer, start, buffer, 0, end - start);
				end -= start;
				start = 0;
			}
		}
	}

	static int port(String[] args, int index) {
		return Integer.parseInt(args[index]);
	}

}
