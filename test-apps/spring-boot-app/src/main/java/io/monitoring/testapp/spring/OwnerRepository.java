package io.monitoring.testapp.spring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface OwnerRepository extends JpaRepository<OwnerEntity, Long> {

    /** Every owner with its pets in one SELECT (a left join fetch), ordered by id. */
    @Query("select distinct o from OwnerEntity o left join fetch o.pets order by o.id")
    List<OwnerEntity> findAllWithPets();
}
