package dev.waiter.resp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.waiter.ConnectionInput;
import dev.waiter.RequestDecoder;
import dev.waiter.WaiterProtocolException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Reads one RESP2 command: an array of bulk strings, or an inline line split on spaces (what
 * {@code redis-cli} and telnet send). It reads no further than the command's last CRLF, so
 * pipelined commands stay buffered for the next call. Shared by both models: the request
 * model's server calls it, {@link RespServer} loops over it in the connection model. Called on
 * the connection's thread; it keeps nothing between calls.
 */
@Component
public class RespDecoder implements RequestDecoder<List<byte[]>> {

	private static final int MAX_LINE = 64 * 1024;

	private final int maxBulk;

	RespDecoder(@Value("${resp.max-bulk-length:8MB}") DataSize maxBulk) {
		this.maxBulk = (int) maxBulk.toBytes();
	}

	/**
	 * The command's arguments: empty for a blank inline line, which gets no reply.
	 */
	@Override
	public @Nullable List<byte[]> decode(ConnectionInput in) throws IOException {
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

	/**
	 * The command's name for metrics: one of the commands the example knows, upper-cased,
	 * or {@code OTHER}, so a client sending made-up commands cannot grow the tag's values.
	 */
	@Override
	public @Nullable String name(List<byte[]> command) {
		if (command.isEmpty()) {
			return null;
		}
		String name = RespCommands.name(command);
		return RespCommands.KNOWN.contains(name) ? name : "OTHER";
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

}
