package io.monitoring.testapp.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An owner's pet, loaded through Spring Data JPA: {@code GET /owners/{ownerId}/pets/{petId}} with numeric ids
 * is exactly one SELECT on {@code pets} by primary key ({@code findById}, in a read-only transaction). The name
 * is {@code unknown} (still 200) when there is no such pet, when the pet belongs to another owner (checked in
 * Java on the loaded row, no second query), or when either id is not numeric (then no SQL runs at all).
 */
@RestController
public class OwnersController {

    public record Pet(String ownerId, String petId, String name) {
    }

    private final PetRepository pets;

    public OwnersController(PetRepository pets) {
        this.pets = pets;
    }

    @GetMapping("/owners/{ownerId}/pets/{petId}")
    public Pet pet(@PathVariable("ownerId") String ownerId, @PathVariable("petId") String petId) {
        Long owner = OrdersController.parseId(ownerId);
        Long pet = OrdersController.parseId(petId);
        String name = owner == null || pet == null ? null
                : pets.findById(pet).filter(p -> owner.equals(p.getOwnerId())).map(PetEntity::getName).orElse(null);
        return new Pet(ownerId, petId, name != null ? name : "unknown");
    }
}
