package io.monitoring.testapp.spring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code pets}. The owner is a plain column, not an association, so loading a pet is one SELECT
 * on {@code pets} alone (no join, no second query for the owner).
 */
@Entity
@Table(name = "pets")
public class PetEntity {

    @Id
    @Column(name = "id")
    private Long id;

    @Column(name = "owner_id")
    private Long ownerId;

    @Column(name = "name", length = 64)
    private String name;

    protected PetEntity() {
        // for Hibernate
    }

    public Long getId() {
        return id;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public String getName() {
        return name;
    }
}
