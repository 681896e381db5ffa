package dev.waiter.server.threads;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where connections of the request model wait between requests without a thread: one
 * selector and its thread per run. A connection parks ({@link Parking#register}) after its
 * thread has let go of it; when its client sends, closes or resets, or when a stop or a
 * timeout wakes it ({@link Parking#wake}), the selector thread takes it off the selector
 * and hands it back ({@code resume}, which should only start a thread). Every change to a
 * parking is made on the selector thread, in the order it was asked for, so a wake that
 * comes before the registration it belongs to resumes the connection exactly once.
 * A resumed channel is no longer registered, so its new thread may put it back in
 * blocking mode.
 */
public final class IdleSelector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IdleSelector.class);

	private final Selector selector;

	private final Queue<Command> commands = new ConcurrentLinkedQueue<>();

	private final List<Parking> ready = new ArrayList<>();

	private final Thread thread;

	private volatile boolean open = true;

	private IdleSelector(String name) throws IOException {
		this.selector = Selector.open();
		this.thread = new Thread(this::run, "waiter-idle-" + name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Opens the selector and starts its thread.
	 * @param name the server's name, for the thread's
	 * @return the selector
	 * @throws IOException if no selector can be opened
	 */
	public static IdleSelector open(String name) throws IOException {
		return new IdleSelector(name);
	}

	/**
	 * A parking for one wait of one connection.
	 * @param channel the connection's channel, in blocking mode
	 * @param resume what hands the connection back, run once on the selector thread (or on
	 * the registering thread when the channel is already closed)
	 * @return the parking, not registered yet
	 */
	public Parking parking(SocketChannel channel, Runnable resume) {
		return new Parking(channel, resume);
	}

	private void submit(Parking parking, boolean wake) {
		this.commands.add(new Command(parking, wake));
		if (!this.open) {
			drainClosed();
			return;
		}
		this.selector.wakeup();
	}

	private void run() {
		while (this.open) {
			try {
				// selectOnce's selectNow() clears a wakeup: a command queued meanwhile must not wait for the next key
				if (this.commands.isEmpty()) {
					this.selector.select();
				}
				else {
					this.selector.selectNow();
				}
				selectOnce();
			}
			catch (IOException | RuntimeException ex) {
				logger.error("Idle selector failed; it goes on", ex);
			}
		}
		List<SelectionKey> keys = new ArrayList<>(this.selector.keys());
		try {
			// deregisters every channel, so that their threads may block again
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close the idle selector", ex);
		}
		for (SelectionKey key : keys) {
			if (key.attachment() instanceof Parking parking) {
				parking.handBackOnce();
			}
		}
		drainClosed();
	}

	private void selectOnce() throws IOException {
		boolean cancelled = runCommands();
		while (true) {
			Set<SelectionKey> selected = this.selector.selectedKeys();
			for (SelectionKey key : selected) {
				Parking parking = (Parking) key.attachment();
				if (parking != null && parking.state == Parking.REGISTERED) {
					key.cancel();
					handBack(parking);
					cancelled = true;
				}
			}
			selected.clear();
			if (!cancelled) {
				break;
			}
			cancelled = false;
			// deregisters the cancelled keys, so that their channels may block again
			this.selector.selectNow();
		}
		for (Parking parking : this.ready) {
			parking.resumeQuietly();
		}
		this.ready.clear();
	}

	/** @return whether a key was cancelled */
	private boolean runCommands() {
		boolean cancelled = false;
		for (Command command; (command = this.commands.poll()) != null;) {
			Parking parking = command.parking;
			if (command.wake) {
				cancelled |= parking.wakeOnSelector(this);
			}
			else {
				parking.registerOnSelector(this);
			}
		}
		return cancelled;
	}

	private void handBack(Parking parking) {
		parking.state = Parking.DONE;
		this.ready.add(parking);
	}

	/** After the close: every connection still parked or about to park is handed back. */
	private synchronized void drainClosed() {
		for (Command command; (command = this.commands.poll()) != null;) {
			command.parking.handBackOnce();
		}
	}

	/** How many connections wait parked now; any thread (an estimate while they come and go). */
	public int parkedCount() {
		return this.open ? this.selector.keys().size() : 0;
	}

	/**
	 * Stops the selector thread once the run's connections have ended; any still parked is
	 * handed back, so that its thread sees its closed socket and it ends.
	 */
	@Override
	public void close() {
		this.open = false;
		this.selector.wakeup();
		try {
			this.thread.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Command(Parking parking, boolean wake) {
	}

	/** One wait of one connection, from its registration to its hand-back. */
	public final class Parking {

		static final int NEW = 0;

		static final int REGISTERED = 1;

		static final int DONE = 2;

		private final SocketChannel channel;

		private final Runnable resume;

		/** Changed on the selector thread only (and under the close's lock after it ended). */
		int state = NEW;

		private boolean wokenEarly;

		private @Nullable SelectionKey key;

		private boolean resumed;

		Parking(SocketChannel channel, Runnable resume) {
			this.channel = channel;
			this.resume = resume;
		}

		/**
		 * Puts the channel in non-blocking mode and parks it; the calling thread must have
		 * let go of the connection first. A channel that cannot be parked (closed meanwhile)
		 * is handed back at once.
		 */
		public void register() {
			try {
				this.channel.configureBlocking(false);
			}
			catch (IOException | RuntimeException ex) {
				resumeQuietly();
				return;
			}
			submit(this, false);
		}

		/** Hands the connection back as soon as the selector thread gets to it; any thread. */
		public void wake() {
			submit(this, true);
		}

		void registerOnSelector(IdleSelector owner) {
			if (this.state != NEW) {
				return;
			}
			if (this.wokenEarly) {
				owner.handBack(this);
				return;
			}
			try {
				this.key = this.channel.register(owner.selector, SelectionKey.OP_READ, this);
				this.state = REGISTERED;
			}
			catch (ClosedChannelException | RuntimeException ex) {
				owner.handBack(this);
			}
		}

		boolean wakeOnSelector(IdleSelector owner) {
			if (this.state == NEW) {
				this.wokenEarly = true;
				return false;
			}
			if (this.state == REGISTERED) {
				SelectionKey registered = this.key;
				if (registered != null) {
					registered.cancel();
				}
				owner.handBack(this);
				return true;
			}
			return false;
		}

		void handBackOnce() {
			if (this.state != DONE) {
				this.state = DONE;
				resumeQuietly();
			}
		}

		void resumeQuietly() {
			synchronized (this) {
				if (this.resumed) {
					return;
				}
				this.resumed = true;
			}
			try {
				this.resume.run();
			}
			catch (RuntimeException | OutOfMemoryError ex) {
				logger.error("Could not resume a parked connection", ex);
			}
		}

	}

}
