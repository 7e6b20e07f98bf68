package io.monitoring.testapp.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * With {@code --errors.catch-all=true} only: a catch-all {@code @ExceptionHandler(Exception.class)}, as many REST
 * applications have. It answers every exception with 500 {@code error}, Spring's own for an unknown path
 * ({@code NoResourceFoundException} from the {@code /**} resource handler) included, so unknown paths are 500s.
 */
@RestControllerAdvice
@ConditionalOnProperty(name = "errors.catch-all", havingValue = "true")
public class CatchAllErrors {

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> anyError(Exception e) {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("error");
    }
}
