package dev.waiter.resp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.WaiterProtocolException;
import dev.waiter.event.WaiterProcessEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * RESP2 over waiter: each connection reads commands (arrays of bulk strings, or inline
 * lines) and answers into the buffered output, which goes out when no more input is
 * buffered, so pipelined commands get one write. A malformed command gets
 * {@code -ERR Protocol error} and the connection closes, as with redis-server.
 */
@Component
public class RespServer {

	private static final int MAX_LINE = 64 * 1024;

	private final Map<ByteBuffer, byte[]> store = new ConcurrentHashMap<>();

	private final int maxBulk;

	RespServer(@Value("${resp.max-bulk-length:8MB}") DataSize maxBulk) {
		this.maxBulk = (int) maxBulk.toBytes();
	}

	@EventListener
	public void serve(WaiterProcessEvent event) throws IOException {
		ConnectionInput in = event.getConnection().in();
		ConnectionOutput out = event.getConnection().out();
		try {
			for (List<byte[]> command; (command = readCommand(in)) != null;) {
				if (!command.isEmpty()) {
					execute(command, out);
				}
			}
		}
		catch (WaiterProtocolException ex) {
			out.writeAscii("-ERR Protocol error: " + ex.getMessage() + "\r\n");
		}
	}

	private @Nullable List<byte[]> readCommand(ConnectionInput in) throws IOException {
		String line = in.readLine(MAX_LINE);
		if (line == null || !line.startsWith("*")) {
			return (line != null) ? inline(line) : null;
		}
		int count = number(line, 1024 * 1024, "invalid multibulk length");
		List<byte[]> arguments = new ArrayList<>(Math.min(count, 16));
		for (int i = 0; i < count; i++) {
			String header = in.readLine(MAX_LINE);
			if (header == null || !header.startsWith("$")) {
				throw new WaiterProtocolException("expected '$', got '" + header + "'");
			}
			arguments.add(in.readBytes(number(header, this.maxBulk, "invalid bulk length")));
			if (in.read() != '\r' || in.read() != '\n') {
				throw new WaiterProtocolException("bulk string not followed by CRLF");
			}
		}
		return arguments;
	}

	private static List<byte[]> inline(String line) {
		List<byte[]> arguments = new ArrayList<>();
		for (int start = 0, end; start < line.length(); start = end + 1) {
			end = line.indexOf(' ', start);
			end = (end < 0) ? line.length() : end;
			if (end > start) {
				arguments.add(line.substring(start, end).getBytes(US_ASCII));
			}
		}
		return arguments;
	}

	private static int number(String header, int max, String problem) throws WaiterProtocolException {
		try {
			int value = Integer.parseInt(header, 1, header.length(), 10);
			if (value >= 0 && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered as any other bad length
		}
		throw new WaiterProtocolException(problem);
	}

	private void execute(List<byte[]> args, ConnectionOutput out) throws IOException {
		String name = new String(args.get(0), US_ASCII).toUpperCase(Locale.ROOT);
		if (!arityFits(name, args.size())) {
			out.writeAscii("-ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT) + "' command\r\n");
			return;
		}
		switch (name) {
			case "PING" -> bulk(out, (args.size() == 1) ? null : args.get(1), "+PONG\r\n");
			case "ECHO" -> bulk(out, args.get(1), "$-1\r\n");
			case "GET" -> bulk(out, this.store.get(ByteBuffer.wrap(args.get(1))), "$-1\r\n");
			case "SET" -> {
				this.store.put(ByteBuffer.wrap(args.get(1)), args.get(2));
				out.writeAscii("+OK\r\n");
			}
			case "DEL" -> integer(out, args.stream().skip(1).filter((key) -> this.store.remove(ByteBuffer.wrap(key)) != null).count());
			case "INCR" -> incr(args.get(1), out);
			default -> out.writeAscii("-ERR unknown command '" + name.toLowerCase(Locale.ROOT) + "'\r\n");
		}
	}

	private static boolean arityFits(String name, int arity) {
		return switch (name) {
			case "PING" -> arity <= 2;
			case "ECHO", "GET", "INCR" -> arity == 2;
			case "SET" -> arity == 3;
			case "DEL" -> arity >= 2;
			default -> true;
		};
	}

	private void incr(byte[] key, ConnectionOutput out) throws IOException {
		try {
			byte[] value = this.store.compute(ByteBuffer.wrap(key), (k, old) -> Long
				.toString(((old != null) ? Long.parseLong(new String(old, US_ASCII)) : 0) + 1)
				.getBytes(US_ASCII));
			integer(out, Long.parseLong(new String(value, US_ASCII)));
		}
		catch (NumberFormatException ex) {
			out.writeAscii("-ERR value is not an integer or out of range\r\n");
		}
	}

	private static void bulk(ConnectionOutput out, byte @Nullable [] value, String whenNull) throws IOException {
		if (value == null) {
			out.writeAscii(whenNull);
			return;
		}
		out.write('$');
		out.writeDecimal(value.length);
		out.writeAscii("\r\n");
		out.write(value);
		out.writeAscii("\r\n");
	}

	private static void integer(ConnectionOutput out, long value) throws IOException {
		out.write(':');
		out.writeDecimal(value);
		out.writeAscii("\r\n");
	}

}
