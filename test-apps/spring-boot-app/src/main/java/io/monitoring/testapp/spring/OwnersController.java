package io.monitoring.testapp.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OwnersController {

    public record Pet(String ownerId, String petId, String name) {
    }

    @GetMapping("/owners/{ownerId}/pets/{petId}")
    public Pet pet(@PathVariable("ownerId") String ownerId, @PathVariable("petId") String petId) {
        return new Pet(ownerId, petId, "Leo");
    }
}
