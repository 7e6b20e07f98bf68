package jakarta.ws.rs;

/**
 * A stand-in for JAX-RS's not-found, for the agent's unit tests: the agent knows the real one by its name alone (the
 * real one cannot even be constructed without a JAX-RS runtime on the class path). The Jersey 2 integration test
 * proves the javax name.
 */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;
}
