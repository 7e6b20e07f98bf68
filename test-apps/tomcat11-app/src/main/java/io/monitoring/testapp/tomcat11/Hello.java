package io.monitoring.testapp.tomcat11;

/** A hello world: start-up cost of the agent alone, and proof that the agent never delays JVM exit. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
