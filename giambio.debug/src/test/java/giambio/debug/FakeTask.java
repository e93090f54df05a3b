package giambio.debug;

import java.util.Optional;

/** A hand-driven TaskView for unit tests. */
final class FakeTask implements TaskView {
    final long id;
    final String name;
    final FakeTask parent;
    TaskState state = TaskState.RUNNABLE;

    FakeTask(long id, String name, FakeTask parent) {
        this.id = id;
        this.name = name;
        this.parent = parent;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TaskState state() {
        return state;
    }

    @Override
    public Optional<FakeTask> parent() {
        return Optional.ofNullable(parent);
    }
}
