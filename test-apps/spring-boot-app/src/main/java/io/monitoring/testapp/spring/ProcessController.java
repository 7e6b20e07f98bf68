package io.monitoring.testapp.spring;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /process/{id}}: {@link OrderProcessor#place}'s answer, or 422 with its message when it refuses the id. */
@RestController
public class ProcessController {

    private final OrderProcessor processor;

    public ProcessController(OrderProcessor processor) {
        this.processor = processor;
    }

    @GetMapping("/process/{id}")
    public ResponseEntity<String> process(@PathVariable("id") long id) {
        try {
            return ResponseEntity.ok(processor.place(id));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.unprocessableEntity().body(e.getMessage());
        }
    }
}
