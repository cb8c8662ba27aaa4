package org.implreg.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The local engine's tasks: every record to the sink, non-finite numbers as null, a failure named as Spark names it. */
class TasksTest {

    record Square(int i) implements SweepEngine.Task {
        @Override
        public Map<String, Object> run() {
            if (i == 3) {
                throw new ArithmeticException("boom");
            }
            if (i == 4) {
                throw new InvalidInputException("bad input in 4");
            }
            return Map.of("i", i, "sq", (double) i * i, "nan", Double.NaN);
        }
    }

    @Test
    void everyRecordReachesTheSinkSanitized() {
        List<Map<String, Object>> out = new ArrayList<>();
        SweepEngine.LOCAL.runTasks(List.of(new Square(0), new Square(1), new Square(2)), 2, out::add);
        assertThat(out).hasSize(3);
        assertThat(out).allSatisfy(r -> assertThat(r.get("nan")).isNull());
        assertThat(out.stream().mapToInt(r -> (Integer) r.get("i")).sorted().toArray()).containsExactly(0, 1, 2);
    }

    @Test
    void aFailingTaskIsNamedOnOneLineAndBadInputStaysItself() {
        assertThatThrownBy(() -> SweepEngine.LOCAL.runTasks(List.of(new Square(0), new Square(3)), 1, r -> { }))
            .isInstanceOf(IllegalStateException.class).hasMessage("local engine: task 1 of 2 (Square[i=3]): ArithmeticException: boom")
            .hasCauseInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> SweepEngine.LOCAL.runTasks(List.of(new Square(4)), 1, r -> { }))
            .isInstanceOf(InvalidInputException.class).hasMessage("bad input in 4");
    }
}
