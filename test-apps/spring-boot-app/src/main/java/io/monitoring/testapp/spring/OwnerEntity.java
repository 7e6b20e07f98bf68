package io.monitoring.testapp.spring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.List;

/**
 * A row of {@code owners} with its pets as a lazy collection (pets.owner_id, read-only from this side): reading
 * {@link #getPets()} outside a join fetch is one SELECT on {@code pets} per owner, the classic N+1.
 */
@Entity
@Table(name = "owners")
public class OwnerEntity {

    @Id
    @Column(name = "id")
    private Long id;

    @Column(name = "name", length = 64)
    private String name;

    @OneToMany(fetch = FetchType.LAZY)
    @JoinColumn(name = "owner_id", insertable = false, updatable = false)
    private List<PetEntity> pets;

    protected OwnerEntity() {
        // for Hibernate
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public List<PetEntity> getPets() {
        return pets;
    }
}
