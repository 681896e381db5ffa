package dev.waiter.resp;

import java.io.IOException;
import java.util.List;

import dev.waiter.event.WaiterProtocolErrorEvent;
import dev.waiter.event.WaiterRequestEvent;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The request model ({@code waiter.handler-model=request}, the example's default): the server
 * reads each command with {@link RespDecoder} and publishes it here; between two commands the
 * connection runs nothing of this class. Called on the connection's thread.
 */
@Component
@ConditionalOnProperty(name = "waiter.handler-model", havingValue = "request")
public class RespRequestListener {

	private final RespCommands commands;

	RespRequestListener(RespCommands commands) {
		this.commands = commands;
	}

	@EventListener
	public void onCommand(WaiterRequestEvent event) throws IOException {
		List<byte[]> command = event.getRequest();
		if (!command.isEmpty()) {
			this.commands.execute(command, event.getConnection().out());
		}
	}

	/** Answers as redis-server does; the server then closes the connection. */
	@EventListener
	public void onProtocolError(WaiterProtocolErrorEvent event) throws IOException {
		event.getConnection().out().writeAscii("-ERR Protocol error: " + event.getError().getMessage() + "\r\n");
	}

}
