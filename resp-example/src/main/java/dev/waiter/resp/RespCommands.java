package dev.waiter.resp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.waiter.ConnectionOutput;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The commands and their store: runs one decoded command and writes its reply into the
 * connection's buffered output, which the server sends when no further command is buffered.
 * Called on any connection's thread, concurrently: the store is a concurrent map.
 */
@Component
public class RespCommands {

	/** The commands {@link #execute} knows; any other gets {@code -ERR unknown command}. */
	static final Set<String> KNOWN = Set.of("PING", "ECHO", "GET", "SET", "DEL", "INCR");

	private final Map<ByteBuffer, byte[]> store = new ConcurrentHashMap<>();

	/** The command's name, upper-cased as Redis matches it. */
	static String name(List<byte[]> command) {
		return new String(command.get(0), US_ASCII).toUpperCase(Locale.ROOT);
	}

	/**
	 * Runs the command and writes its reply.
	 * @param args the command and its arguments, at least one
	 * @param out the connection's output
	 * @throws IOException when the reply cannot be written
	 */
	public void execute(List<byte[]> args, ConnectionOutput out) throws IOException {
		String name = name(args);
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
