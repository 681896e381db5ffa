package dev.waiter.resp;

import java.io.IOException;
import java.util.List;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.WaiterProtocolException;
import dev.waiter.event.WaiterProcessEvent;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The connection model ({@code --waiter.handler-model=connection}), kept for the benchmark's
 * comparison with the request model: one process event per connection, whose handler loops
 * over {@link RespDecoder} and {@link RespCommands} itself and so holds the connection's thread
 * while its client is idle. The buffered output goes out when no more input is buffered, so
 * pipelined commands get one write. A malformed command gets {@code -ERR Protocol error} and
 * the connection closes, as with redis-server. Called on the connection's thread.
 */
@Component
@ConditionalOnProperty(name = "waiter.handler-model", havingValue = "connection", matchIfMissing = true)
public class RespServer {

	private final RespDecoder decoder;

	private final RespCommands commands;

	RespServer(RespDecoder decoder, RespCommands commands) {
		this.decoder = decoder;
		this.commands = commands;
	}

	@EventListener
	public void serve(WaiterProcessEvent event) throws IOException {
		ConnectionInput in = event.getConnection().in();
		ConnectionOutput out = event.getConnection().out();
		try {
			for (List<byte[]> command; (command = this.decoder.decode(in)) != null;) {
				if (!command.isEmpty()) {
					this.commands.execute(command, out);
				}
			}
		}
		catch (WaiterProtocolException ex) {
			out.writeAscii("-ERR Protocol error: " + ex.getMessage() + "\r\n");
		}
	}

}
