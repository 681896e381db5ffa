package dev.waiter.actuate;

/**
 * The names, descriptions and base units of waiter's meters, in one place. Every meter
 * carries the tag {@value #SERVER_TAG}; none carries anything per peer.
 */
public final class WaiterMeters {

	/** The tag naming the server ({@code waiter.name}). */
	public static final String SERVER_TAG = "server";

	/** The tag saying why a client was refused. */
	public static final String REASON_TAG = "reason";

	/** Counter: clients accepted and handed to a thread. */
	public static final String ACCEPTED = "waiter.connections.accepted";

	static final String ACCEPTED_DESCRIPTION = "Clients accepted and served";

	/** Counter: clients accepted and closed without being served, by reason. */
	public static final String REJECTED = "waiter.connections.rejected";

	static final String REJECTED_DESCRIPTION = "Clients accepted and refused at once";

	/** Gauge: live connections. */
	public static final String ACTIVE = "waiter.connections.active";

	static final String ACTIVE_DESCRIPTION = "Connections being served now";

	/**
	 * Timer: from accept to the end of the connection; recorded only without the
	 * {@code waiter.connection} observation, whose own timer replaces it.
	 */
	public static final String DURATION = "waiter.connections.duration";

	static final String DURATION_DESCRIPTION = "Time from accept to close of each connection";

	/**
	 * Timer: each request of the request model, from its event's publication to its
	 * listeners' return, tagged {@value #NAME_TAG} and {@value #OUTCOME_TAG}; recorded only
	 * without the {@code waiter.request} observation, whose own timer replaces it.
	 */
	public static final String REQUESTS = "waiter.requests";

	static final String REQUESTS_DESCRIPTION = "Requests of the request model, from publication to the listeners' return";

	/** The tag naming a request ({@code none} when unnamed). */
	public static final String NAME_TAG = "name";

	/** The tag saying how a request went: {@code success}, or {@code error} when a listener threw. */
	public static final String OUTCOME_TAG = "outcome";

	/** Counter: failed accepts. */
	public static final String ACCEPT_ERRORS = "waiter.accept.errors";

	static final String ACCEPT_ERRORS_DESCRIPTION = "Accepts that failed, such as for too many open files";

	/** Counter: failed TLS handshakes. */
	public static final String SSL_ERRORS = "waiter.ssl.errors";

	static final String SSL_ERRORS_DESCRIPTION = "TLS handshakes that failed or timed out";

	/** Counter: connections ended by a handler's error. */
	public static final String PROCESS_ERRORS = "waiter.process.errors";

	static final String PROCESS_ERRORS_DESCRIPTION = "Connections whose handler threw something other than an I/O error";

	/** Connections ended by a client's protocol error: a line or frame over its limit, a malformed frame. */
	public static final String PROTOCOL_ERRORS = "waiter.protocol.errors";

	static final String PROTOCOL_ERRORS_DESCRIPTION = "Connections ended by a client's protocol error, such as a frame over its limit";

	/** Connections ended by an I/O error with the client: a reset, a broken pipe, a reply that could not be written. */
	public static final String IO_ERRORS = "waiter.io.errors";

	static final String IO_ERRORS_DESCRIPTION = "Connections ended by an I/O error with the client, such as a reset";

	/** Counter: bytes read from clients. */
	public static final String BYTES_RECEIVED = "waiter.bytes.received";

	static final String BYTES_RECEIVED_DESCRIPTION = "Bytes read from clients";

	/** Counter: bytes written to clients. */
	public static final String BYTES_SENT = "waiter.bytes.sent";

	static final String BYTES_SENT_DESCRIPTION = "Bytes written to clients";

	/** Gauge: worker threads (get_kids_count). */
	public static final String WORKERS = "waiter.workers";

	static final String WORKERS_DESCRIPTION = "Threads that serve or wait to serve clients";

	/** Gauge: workers serving a client (get_busy_kids_count). */
	public static final String WORKERS_BUSY = "waiter.workers.busy";

	static final String WORKERS_BUSY_DESCRIPTION = "Workers serving a client now";

	static final String BYTES = "bytes";

	static final String CONNECTIONS = "connections";

	static final String THREADS = "threads";

	private WaiterMeters() {
	}

}
