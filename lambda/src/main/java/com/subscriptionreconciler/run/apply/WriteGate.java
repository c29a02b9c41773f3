package com.subscriptionreconciler.run.apply;

import com.subscriptionreconciler.db.RunLock;

/**
 * Asked before each batch of writes: does the run still hold its lock? The lock lives on one database connection,
 * and the server releases it when that connection ends (a network drop, {@code wait_timeout}, a {@code KILL});
 * another run may then take it. A run that lost it stops before its next write, and fails saying so.
 */
@FunctionalInterface
public interface WriteGate {
  /** For runs that take no lock (event runs): every write is conditional on the row's version instead. */
  WriteGate OPEN = () -> { };

  /** @throws RunLockLost when the lock is no longer held */
  void beforeWriting();

  static WriteGate holding(RunLock lock) {
    return () -> {
      if (!lock.isHeld()) {
        throw new RunLockLost();
      }
    };
  }

  /** The run lost its lock: nothing more may be written. */
  final class RunLockLost extends RuntimeException {
    RunLockLost() {
      super("the run lock was lost (its database connection ended); the run stopped before its next write and"
          + " wrote nothing after that point: run it again", null, false, false);
    }
  }
}
