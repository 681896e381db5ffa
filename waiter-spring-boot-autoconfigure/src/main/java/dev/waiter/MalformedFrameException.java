package dev.waiter;

/**
 * A client sent something that is not a frame of the connection's framing: a missing
 * start byte, an impossible length header, a frame cut off by the end of the stream.
 */
public class MalformedFrameException extends WaiterProtocolException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was wrong with the frame
	 */
	public MalformedFrameException(String message) {
		super(message);
	}

}
