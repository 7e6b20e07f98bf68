package io.monitoring.testapp.spring;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The owners with their number of pets, twice: {@code GET /owners} the N+1 way (one SELECT on {@code owners}, then
 * one SELECT on {@code pets} per owner as each lazy collection is read: 1 + 10 statements for the 10 seeded
 * owners, the pets one 10 times), and {@code GET /owners/with-pets} fixed with a join fetch (exactly one SELECT).
 * Both answer the same text, {@code George=1,Betty=1,Eduardo=2,...,Carlos=0}, in a read-only transaction.
 */
@RestController
public class OwnerListController {

    private final OwnerRepository owners;

    public OwnerListController(OwnerRepository owners) {
        this.owners = owners;
    }

    @GetMapping("/owners")
    @Transactional(readOnly = true)
    public String ownersOneByOne() {
        return describe(owners.findAll(Sort.by("id")));
    }

    @GetMapping("/owners/with-pets")
    @Transactional(readOnly = true)
    public String ownersWithPets() {
        return describe(owners.findAllWithPets());
    }

    private static String describe(List<OwnerEntity> list) {
        return list.stream().map(o -> o.getName() + "=" + o.getPets().size()).collect(Collectors.joining(","));
    }
}
